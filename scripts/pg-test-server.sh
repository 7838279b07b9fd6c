#!/usr/bin/env bash
# Starts (once) a throwaway PostgreSQL for the test suite and prints its URL:
# Debian's postgresql binaries, a private cluster in $PG_TEST_DIR on
# 127.0.0.1:$PG_TEST_PORT, trust authentication, C collation (the same byte
# order as SQLite), and durability off because nothing in it must survive.
#   bash scripts/pg-test-server.sh        start if needed, print the URL
#   bash scripts/pg-test-server.sh stop   stop it and remove the cluster
# Installs the postgresql package when it is missing and we are root with apt.
set -euo pipefail

DIR=${PG_TEST_DIR:-/tmp/orken-pg-test}
PORT=${PG_TEST_PORT:-55432}
URL="postgres://orken@127.0.0.1:$PORT/postgres"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing postgresql ..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "The PostgreSQL tests need Debian's postgresql package: sudo apt-get install postgresql" >&2
    exit 1
  fi
fi
BIN=$(pg_bin)

# PostgreSQL refuses to run as root: then the cluster belongs to 'postgres'.
as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "stop" ]; then
  if [ -f "$DIR/PG_VERSION" ]; then as_owner "$BIN/pg_ctl" -D "$DIR" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$DIR"
  exit 0
fi

if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  echo "$URL"
  exit 0
fi

if [ ! -f "$DIR/PG_VERSION" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" = "0" ] && chown postgres: "$DIR"
  chmod 700 "$DIR"
  as_owner "$BIN/initdb" -D "$DIR" -U orken --auth=trust --encoding=UTF8 --locale=C >"$DIR.initdb.log" 2>&1 \
    || { cat "$DIR.initdb.log" >&2; exit 1; }
fi
as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 start -o \
  "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" \
  >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
echo "$URL"
