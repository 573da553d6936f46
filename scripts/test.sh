#!/usr/bin/env bash
# The test command: installs and starts what the tests need, then builds and tests every module.
set -euo pipefail
cd "$(dirname "$0")/.."

# Servers the tests talk to (PostgreSQL for deploy-steps-sql, a private ClickHouse server for
# deploy-steps-clickhouse). The ClickHouse server is stopped when this command ends, whether the
# tests passed, failed or were interrupted.
marker=""
cleanup() {
  if [ -n "$marker" ]; then rm -f "$marker"; fi
  if [ -f scripts/services.sh ]; then bash scripts/services.sh stop >/dev/null; fi
}
trap cleanup EXIT
if [ -f scripts/services.sh ]; then
  bash scripts/services.sh
  # shellcheck disable=SC1091
  source build/clickhouse/server.env
fi

# Every test cleans up after itself: what a run adds to the system temp folder is an error.
tmp="${TMPDIR:-/tmp}"
leftovers() {
  find "$tmp" -mindepth 1 -maxdepth 1 \( -name 'stagehand*' -o -name 'junit*' \) -newer "$marker" 2>/dev/null | sort
}
marker="$(mktemp "$tmp/test-run-start.XXXXXX")"

mvn -B verify "$@"

left="$(leftovers)"
if [ -n "$left" ]; then
  echo "the tests left these in $tmp (every test must clean up, with @TempDir):" >&2
  echo "$left" >&2
  exit 1
fi
