#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for tests: `start DIR PORT` prints its URL; `stop DIR`.
# initdb refuses root, so the cluster runs as the postgres user in a private directory and port.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
cmd=${1:?start|stop}; dir=${2:?directory}
case "$cmd" in
  start)
    port=${3:-55432}
    mkdir -p "$dir"; chown postgres: "$dir"
    runuser -u postgres -- $PGBIN/initdb -D "$dir/data" -U postgres -A trust -E UTF8 \
      --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1
    runuser -u postgres -- $PGBIN/pg_ctl -D "$dir/data" -l "$dir/log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
    psql -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE weilai_test" >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/weilai_test"
    ;;
  stop)
    [ -d "$dir/data" ] && runuser -u postgres -- $PGBIN/pg_ctl -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2 ;;
esac
