#!/bin/sh
export STARTED=$$(date +%s)
exec /opt/app/bin/server --db "$(Db.Server)"
