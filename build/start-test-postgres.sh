#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: loopback only, an unprivileged owner, data under a temp folder.
#
#   eval "$(build/start-test-postgres.sh)"             # starts it; prints the exports below for the calling shell
#   dotnet test Tests/RegBench.Results.Tests          # the PostgreSQL tests now run instead of skipping
#   build/start-test-postgres.sh stop "$REGBENCH_TEST_POSTGRES_DIR"   # stops it and deletes its folder
#
# Prints: export REGBENCH_TEST_POSTGRES=postgres://regbench:PASSWORD@127.0.0.1:PORT/regbench_test
#         export REGBENCH_TEST_POSTGRES_DIR=/tmp/regbench-pg.XXXX
# Needs Debian's `postgresql` (initdb and pg_ctl under /usr/lib/postgresql/<version>/bin, or PG_BIN=DIR).
# As root the server runs as the `postgres` user (runuser); otherwise as the current user. PGPORT picks the port
# (default: the first free one from 55432).
set -euo pipefail

bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "start-test-postgres: no PostgreSQL server binaries (looked in /usr/lib/postgresql/*/bin); install Debian's postgresql (apt-get install postgresql) or set PG_BIN" >&2
  exit 3
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-start}" = "stop" ]; then
  dir="${2:?usage: start-test-postgres.sh stop DIR}"
  [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "start-test-postgres: running as root needs the 'postgres' user (created by Debian's postgresql package) to own the server" >&2
  exit 3
fi

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port="${PGPORT:-}"
if [ -z "$port" ]; then
  port=55432
  while ! port_is_free "$port"; do port=$((port + 1)); done
fi

dir="$(mktemp -d /tmp/regbench-pg.XXXXXX)"
chmod 700 "$dir"
password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
printf '%s\n' "$password" > "$dir/password"
[ "$(id -u)" -eq 0 ] && chown -R postgres "$dir"

as_owner "$bin/initdb" -D "$dir/data" -U regbench --pwfile="$dir/password" --auth=scram-sha-256 -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 3; }
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 3; }
PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U regbench regbench_test \
  || { cat "$dir/server.log" >&2; exit 3; }

echo "export REGBENCH_TEST_POSTGRES=postgres://regbench:$password@127.0.0.1:$port/regbench_test"
echo "export REGBENCH_TEST_POSTGRES_DIR=$dir"
