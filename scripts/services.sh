#!/usr/bin/env bash
# Servers the tests talk to. Idempotent: installs PostgreSQL when missing, starts its cluster,
# waits until it accepts connections, and creates the role and databases the SQL tests use:
#   role stagehand (password stagehand), databases stagehand and stagehand_restore owned by it.
# Tests read STAGEHAND_PG_URL (default jdbc:postgresql://localhost:5432/stagehand).
#
# Then Debian's chromium and chromium-driver for the wizard's browser test, and openssh-server
# (deploy-target-ssh's tests run their own sshd processes), when missing.
#
# Then ClickHouse for deploy-steps-clickhouse: installs clickhouse-server and clickhouse-client from
# Debian's packages when missing and starts a private server of its own on loopback (not the
# package's service, not its ports 8123/9000), with a configuration generated under
# build/clickhouse/ of this checkout: free HTTP, HTTPS and TCP ports from 18123, 18443 and 19000 up,
# its own data, tmp, user_files and log folders, one user `stagehand` with the password
# `stagehand-ch`, and a self-signed certificate for the HTTPS port (its CA file is the certificate).
# It writes build/clickhouse/server.env, which scripts/test.sh sources:
#   STAGEHAND_CLICKHOUSE_URL (http://127.0.0.1:<port>), STAGEHAND_CLICKHOUSE_HTTPS_URL,
#   STAGEHAND_CLICKHOUSE_CA_FILE, STAGEHAND_CLICKHOUSE_TCP_PORT, STAGEHAND_CLICKHOUSE_USER,
#   STAGEHAND_CLICKHOUSE_PASSWORD.
# `scripts/services.sh stop` stops that server (scripts/test.sh does when its command ends).
set -euo pipefail
cd "$(dirname "$0")/.."
CLICKHOUSE_HOME="$PWD/build/clickhouse"

stop_clickhouse() {
  local pidfile="$CLICKHOUSE_HOME/server.pid"
  if [ -f "$pidfile" ]; then
    local pid
    pid="$(cat "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$pidfile"
  fi
}

if [ "${1:-}" = "stop" ]; then
  stop_clickhouse
  echo "ClickHouse server of $CLICKHOUSE_HOME stopped"
  exit 0
fi

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

# --- Chromium ------------------------------------------------------------------------------
# The wizard's browser test (deploy-cli-sample WizardBrowserIT) drives Debian's headless chromium
# through /usr/bin/chromedriver; nothing is downloaded at test time.

if ! command -v chromium >/dev/null 2>&1 || ! [ -x /usr/bin/chromedriver ]; then
  as_root apt-get update
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y chromium chromium-driver
fi
echo "Chromium for the browser test: $(chromium --version 2>/dev/null | head -1)"

# --- OpenSSH server ------------------------------------------------------------------------
# deploy-target-ssh's tests start their own sshd processes (loopback ports, generated keys, their
# own configuration under target/); only the binaries are needed, not the package's service.

if [ ! -x /usr/sbin/sshd ] || [ ! -x /usr/lib/openssh/sftp-server ]; then
  as_root apt-get update
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y openssh-server openssh-client
fi

# --- ClickHouse -----------------------------------------------------------------------------

if ! command -v clickhouse-server >/dev/null 2>&1 || ! command -v clickhouse-client >/dev/null 2>&1; then
  as_root apt-get update
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y clickhouse-server clickhouse-client
fi

# A port nobody listens on, from $1 up.
free_port() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

# A fresh server every time: what an earlier run left (data, logs, a server) goes first.
stop_clickhouse
rm -rf "$CLICKHOUSE_HOME"
mkdir -p "$CLICKHOUSE_HOME"/{data,tmp,user_files,format_schemas,log}
ch_user="stagehand"
ch_password="stagehand-ch"
http_port="$(free_port "${STAGEHAND_CLICKHOUSE_HTTP_PORT:-18123}")"
https_port="$(free_port "${STAGEHAND_CLICKHOUSE_HTTPS_PORT:-18443}")"
tcp_port="$(free_port "${STAGEHAND_CLICKHOUSE_TCP_PORT:-19000}")"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$CLICKHOUSE_HOME/server.key" -out "$CLICKHOUSE_HOME/server.crt" 2>/dev/null

cat > "$CLICKHOUSE_HOME/config.xml" <<XML
<?xml version="1.0"?>
<!-- Generated by scripts/services.sh: a private ClickHouse server for the tests. -->
<yandex>
  <logger>
    <level>warning</level>
    <log>$CLICKHOUSE_HOME/log/server.log</log>
    <errorlog>$CLICKHOUSE_HOME/log/server.err.log</errorlog>
    <size>10M</size>
    <count>2</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http_port</http_port>
  <https_port>$https_port</https_port>
  <tcp_port>$tcp_port</tcp_port>
  <openSSL>
    <server>
      <certificateFile>$CLICKHOUSE_HOME/server.crt</certificateFile>
      <privateKeyFile>$CLICKHOUSE_HOME/server.key</privateKeyFile>
      <verificationMode>none</verificationMode>
      <loadDefaultCAFile>false</loadDefaultCAFile>
      <cacheSessions>true</cacheSessions>
      <disableProtocols>sslv2,sslv3</disableProtocols>
      <preferServerCiphers>true</preferServerCiphers>
    </server>
  </openSSL>
  <path>$CLICKHOUSE_HOME/data/</path>
  <tmp_path>$CLICKHOUSE_HOME/tmp/</tmp_path>
  <user_files_path>$CLICKHOUSE_HOME/user_files/</user_files_path>
  <format_schema_path>$CLICKHOUSE_HOME/format_schemas/</format_schema_path>
  <users_config>$CLICKHOUSE_HOME/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <keep_alive_timeout>10</keep_alive_timeout>
  <mlock_executable>false</mlock_executable>
</yandex>
XML
cat > "$CLICKHOUSE_HOME/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default></default>
  </profiles>
  <users>
    <$ch_user>
      <password>$ch_password</password>
      <networks>
        <ip>127.0.0.1</ip>
        <ip>::1</ip>
      </networks>
      <profile>default</profile>
      <quota>default</quota>
    </$ch_user>
  </users>
  <quotas>
    <default></default>
  </quotas>
</yandex>
XML

clickhouse-server --config-file="$CLICKHOUSE_HOME/config.xml" --pid-file="$CLICKHOUSE_HOME/server.pid" --daemon \
  >"$CLICKHOUSE_HOME/log/stdout.log" 2>&1
for _ in $(seq 1 300); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$http_port") 2>/dev/null \
      && [ "$(clickhouse-client --host 127.0.0.1 --port "$tcp_port" --user "$ch_user" --password "$ch_password" \
              --query 'SELECT 1' 2>/dev/null)" = "1" ]; then
    break
  fi
  sleep 0.1
done
version="$(clickhouse-client --host 127.0.0.1 --port "$tcp_port" --user "$ch_user" --password "$ch_password" \
  --query 'SELECT version()')" || {
  echo "ClickHouse did not start; its log:" >&2
  tail -50 "$CLICKHOUSE_HOME/log/server.err.log" "$CLICKHOUSE_HOME/log/stdout.log" >&2 || true
  exit 1
}

cat > "$CLICKHOUSE_HOME/server.env" <<ENV
export STAGEHAND_CLICKHOUSE_URL=http://127.0.0.1:$http_port
export STAGEHAND_CLICKHOUSE_HTTPS_URL=https://localhost:$https_port
export STAGEHAND_CLICKHOUSE_CA_FILE=$CLICKHOUSE_HOME/server.crt
export STAGEHAND_CLICKHOUSE_TCP_PORT=$tcp_port
export STAGEHAND_CLICKHOUSE_USER=$ch_user
export STAGEHAND_CLICKHOUSE_PASSWORD=$ch_password
ENV
echo "ClickHouse $version is up on 127.0.0.1 (HTTP $http_port, HTTPS $https_port, TCP $tcp_port; user $ch_user;" \
  "data in $CLICKHOUSE_HOME; settings in $CLICKHOUSE_HOME/server.env)"
