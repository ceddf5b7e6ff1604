# Start and stop a throw-away PostgreSQL server on loopback for the storage tests
# (sourced by scripts/test). Sets CLEARTERMS_TEST_PG_URL when the server is up.
PG_ROOT="${TMPDIR:-/tmp}/clearterms-pg-$$"
PG_PORT="${CLEARTERMS_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && echo "$dir"; done | sort -V | tail -n 1
}

_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local bin; bin="$(_pg_bin)"
  if [ -z "$bin" ]; then echo "==> PostgreSQL not installed: its storage tests will skip"; return 1; fi
  mkdir -p "$PG_ROOT"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_ROOT"; fi
  _pg_as_owner "$bin/initdb" -D "$PG_ROOT/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 --no-instructions >"$PG_ROOT/initdb.log" 2>&1 || { echo "==> initdb failed"; return 1; }
  _pg_as_owner "$bin/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_ROOT -c fsync=off" start >/dev/null \
    || { echo "==> PostgreSQL failed to start (see $PG_ROOT/server.log)"; return 1; }
  _pg_as_owner "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres clearterms_test
  export CLEARTERMS_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/clearterms_test"
  echo "==> PostgreSQL up on 127.0.0.1:$PG_PORT"
}

pg_stop() {
  local bin; bin="$(_pg_bin)"
  if [ -n "$bin" ] && [ -f "$PG_ROOT/data/postmaster.pid" ]; then
    _pg_as_owner "$bin/pg_ctl" -D "$PG_ROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_ROOT"
}
