#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL cluster on a loopback port.
#
# Installs Debian's postgresql if missing (apt-get update first), creates a cluster
# in a temporary directory as the `postgres` user (initdb refuses root), starts it on
# 127.0.0.1:$PGPORT, exports DATABASE_URL for the command, and always stops and
# removes the cluster afterwards.  Usage: scripts/with-postgres.sh pytest -q
set -euo pipefail

PGPORT="${PGPORT:-55432}"

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "== Installing PostgreSQL (Debian package) =="
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  BIN="$(find_bin)"
fi

RUNAS=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
  RUNAS=(runuser -u postgres --)
fi

DATA="$(mktemp -d /tmp/bacthang-pg.XXXXXX)"
chmod 755 "$DATA"
[ "$(id -u)" -eq 0 ] && chown postgres "$DATA"
cleanup() {
  "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

"${RUNAS[@]}" "$BIN/initdb" -D "$DATA/db" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUNAS[@]}" "$BIN/pg_ctl" -D "$DATA/db" -l "$DATA/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
"$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres bacthang

export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/bacthang"
echo "== PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT =="
"$@"
