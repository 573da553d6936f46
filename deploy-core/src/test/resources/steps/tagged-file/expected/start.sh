#!/bin/sh
export STARTED=$(date +%s)
exec /opt/app/bin/server --db "db1.example.com"
