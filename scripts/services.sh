#!/usr/bin/env bash
# Servers the tests talk to. Idempotent: installs PostgreSQL when missing, starts its cluster,
# waits until it accepts connections, and creates the role and databases the SQL tests use:
#   role stagehand (password stagehand), databases stagehand and stagehand_restore owned by it.
# Tests read STAGEHAND_PG_URL (default jdbc:postgresql://localhost:5432/stagehand).
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Runs a command as the postgres OS user (peer authentication on the local socket).
as_postgres() {
  if command -v runuser >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  elif [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    sudo -u postgres "$@"
  fi
}

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 \
    || ! command -v psql >/dev/null 2>&1 || ! command -v pg_restore >/dev/null 2>&1; then
  as_root apt-get update
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y postgresql postgresql-client
fi

# The newest installed major version; a fresh install creates its "main" cluster.
major="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | awk -v v="$major" '$1 == v && $2 == "main"' | grep -q .; then
  as_root pg_createcluster "$major" main
fi
port="$(pg_lsclusters -h | awk -v v="$major" '$1 == v && $2 == "main" {print $3}')"
status="$(pg_lsclusters -h | awk -v v="$major" '$1 == v && $2 == "main" {print $4}')"
if [ "$status" != "online" ]; then
  as_root pg_ctlcluster "$major" main start
fi

for _ in $(seq 1 60); do
  if pg_isready -q -h localhost -p "$port"; then
    break
  fi
  sleep 1
done
pg_isready -h localhost -p "$port"

psql_admin() {
  as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'stagehand'")" != "1" ]; then
  psql_admin -c "CREATE ROLE stagehand LOGIN PASSWORD 'stagehand'"
else
  psql_admin -c "ALTER ROLE stagehand LOGIN PASSWORD 'stagehand'"
fi
for db in stagehand stagehand_restore; do
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE $db OWNER stagehand"
  fi
done
echo "PostgreSQL $major is up on port $port (role stagehand, databases stagehand and stagehand_restore)"
