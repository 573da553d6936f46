#!/usr/bin/env bash
# The test command: installs and starts what the tests need, then builds and tests every module.
set -euo pipefail
cd "$(dirname "$0")/.."

# Servers the tests talk to (PostgreSQL for deploy-steps-sql, a private ClickHouse server for
# deploy-steps-clickhouse). The ClickHouse server is stopped when this command ends, whether the
# tests passed, failed or were interrupted.
if [ -f scripts/services.sh ]; then
  trap 'bash scripts/services.sh stop >/dev/null' EXIT
  bash scripts/services.sh
  # shellcheck disable=SC1091
  source build/clickhouse/server.env
fi

mvn -B verify "$@"
