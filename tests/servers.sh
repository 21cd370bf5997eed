# Throwaway servers for the tests, sourced by test.sh: a Redis and a PostgreSQL on free loopback ports, with
# their data in one temporary folder, stopped (and the folder removed) by stop_test_servers.
# Exports XAI_TEST_REDIS (a Redis configuration string) and XAI_TEST_POSTGRES (an ADO.NET connection string).
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

  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$servers_dir" --pidfile "$servers_dir/redis.pid" --logfile "$servers_dir/redis.log" || return 1
  export XAI_TEST_REDIS="127.0.0.1:$redis_port"

  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql" >&2; return 1; }
  pg_port=$(free_port)
  mkdir -p "$servers_dir/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres "$servers_dir/pg"
  as_postgres "$pg_bin/initdb" -D "$servers_dir/pg/data" -U xai --auth=trust -E UTF8 >/dev/null || return 1
  as_postgres "$pg_bin/pg_ctl" -D "$servers_dir/pg/data" -l "$servers_dir/pg/server.log" -w \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $servers_dir/pg -c fsync=off -c max_connections=300" start >/dev/null || return 1
  as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U xai xai || return 1
  export XAI_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=xai;Database=xai"
  export XAI_TEST_POSTGRES_BIN="$pg_bin"
}

stop_test_servers() {
  [ -n "${servers_dir:-}" ] || return 0
  [ -f "$servers_dir/redis.pid" ] && kill "$(cat "$servers_dir/redis.pid")" 2>/dev/null
  [ -d "$servers_dir/pg/data" ] && as_postgres "$pg_bin/pg_ctl" -D "$servers_dir/pg/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$servers_dir"
}
