# Throwaway servers for the tests, sourced by test.sh: a Redis and a PostgreSQL on free loopback ports, with
# their data in one temporary folder, stopped (and the folder removed) by stop_test_servers.
# Exports XAI_TEST_REDIS (a Redis configuration string) and XAI_TEST_POSTGRES (an ADO.NET connection string), and
# XAI_TEST_REDIS_B and XAI_TEST_POSTGRES_B: a second Redis and PostgreSQL standing for another region.
# Installs what is missing with apt-get: redis-server, and chromium for the console's browser tests.

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

as_postgres() {
  # initdb and postgres refuse to run as root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Installs a Debian package with apt-get when its command is missing (refreshing the package lists if the first
# attempt finds nothing).
install_missing() {
  local command=$1 package=$2
  command -v "$command" >/dev/null && return 0
  echo "Installing $package (apt-get)..." >&2
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "$package" >/dev/null 2>&1 || { $sudo apt-get update >/dev/null 2>&1 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "$package" >/dev/null 2>&1; } \
    || { echo "Could not install $package with apt-get" >&2; return 1; }
}

start_test_servers() {
  servers_dir=$(mktemp -d -t xai-test-servers-XXXXXX)
  chmod 755 "$servers_dir"

  install_missing redis-server redis-server || return 1
  # The console's browser tests drive Debian's chromium through Playwright (nothing is downloaded at test time).
  install_missing chromium chromium || return 1

  start_redis a XAI_TEST_REDIS || return 1
  start_redis b XAI_TEST_REDIS_B || return 1

  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql" >&2; return 1; }
  export XAI_TEST_POSTGRES_BIN="$pg_bin"
  # Two PostgreSQL instances: the second stands for another region's database (logical replication between them).
  start_postgres pg XAI_TEST_POSTGRES || return 1
  start_postgres pg-b XAI_TEST_POSTGRES_B || return 1
}

start_redis() {
  local name=$1 variable=$2 port
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$servers_dir" --pidfile "$servers_dir/redis-$name.pid" --logfile "$servers_dir/redis-$name.log" || return 1
  export "$variable=127.0.0.1:$port"
}

# wal_level=logical and room for slots and apply workers: the multi-region tests replicate between the two.
start_postgres() {
  local name=$1 variable=$2 port
  port=$(free_port)
  mkdir -p "$servers_dir/$name"
  [ "$(id -u)" -eq 0 ] && chown postgres "$servers_dir/$name"
  as_postgres "$pg_bin/initdb" -D "$servers_dir/$name/data" -U xai --auth=trust -E UTF8 >/dev/null || return 1
  as_postgres "$pg_bin/pg_ctl" -D "$servers_dir/$name/data" -l "$servers_dir/$name/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $servers_dir/$name -c fsync=off -c max_connections=300 -c wal_level=logical -c max_replication_slots=64 -c max_wal_senders=64 -c max_logical_replication_workers=32 -c max_worker_processes=64" start >/dev/null || return 1
  as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U xai xai || return 1
  export "$variable=Host=127.0.0.1;Port=$port;Username=xai;Database=xai"
}

stop_test_servers() {
  [ -n "${servers_dir:-}" ] || return 0
  local pid data
  for pid in "$servers_dir"/redis-*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null; done
  for data in "$servers_dir"/pg/data "$servers_dir"/pg-b/data; do
    [ -d "$data" ] && as_postgres "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
  done
  rm -rf "$servers_dir"
}
