#!/usr/bin/env bash
# The test command: installs and starts what the tests need, then builds and tests every module.
set -euo pipefail
cd "$(dirname "$0")/.."

# Servers the tests talk to are installed here as the step modules that need them arrive
# (PostgreSQL for deploy-steps-sql, ClickHouse for deploy-steps-clickhouse).
if [ -f scripts/services.sh ]; then
  bash scripts/services.sh
fi

mvn -B verify "$@"
