#!/usr/bin/env bash
# The test command: installs and starts what the tests need, then builds and tests every module.
set -euo pipefail
cd "$(dirname "$0")/.."

# Servers the tests talk to are installed here as the step modules that need them arrive
# (PostgreSQL for deploy-steps-sql, ClickHouse for deploy-steps-clickhouse).
if [ -f scripts/services.sh ]; then
  bash scripts/services.sh
fi

# Every test cleans up after itself: what a run adds to the system temp folder is an error.
tmp="${TMPDIR:-/tmp}"
leftovers() {
  find "$tmp" -mindepth 1 -maxdepth 1 \( -name 'stagehand*' -o -name 'junit*' \) -newer "$marker" 2>/dev/null | sort
}
marker="$(mktemp "$tmp/test-run-start.XXXXXX")"
trap 'rm -f "$marker"' EXIT

mvn -B verify "$@"

left="$(leftovers)"
if [ -n "$left" ]; then
  echo "the tests left these in $tmp (every test must clean up, with @TempDir):" >&2
  echo "$left" >&2
  exit 1
fi
