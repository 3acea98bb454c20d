#!/usr/bin/env bash
# The cluster drill (docs/OPERATIONS.md, issue #9) on one machine:
#   - a throwaway PostgreSQL 15 (scripts/pg-throwaway.sh);
#   - three `weilai serve` processes on different ports sharing it (the first loads the demo data);
#   - nginx (the Debian package, run in the foreground with a generated config in a temp dir)
#     balancing them on one port: passive checks (max_fails/fail_timeout, next upstream on a
#     refused connection) plus an active checker polling each server's /readyz every 0.5 s that
#     marks a server `down` and reloads nginx while it is not ready;
#   - weilai_drill_client: 64 clients of mixed reads and writes for --seconds (default 30); at 25%
#     of the run one server is killed with SIGKILL and restarted, at 60% PostgreSQL is restarted;
#   - afterwards the client checks for lost acknowledged writes, double postings and double
#     bookings, the ledger and the audit chain; then `weilai ledger verify` and `weilai audit
#     verify` run against the database and every server's /readyz must answer 200.
# Exit status 0 when everything holds; 77 when nginx or PostgreSQL is not installed (1 instead
# when WEILAI_REQUIRE_PG=1, as under `make test`).
#
# Usage: deploy/cluster-drill.sh [--seconds 30] [--clients 64] [--build build/release] [--keep]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=30
clients=64
build="$here/build/release"
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--seconds N] [--clients N] [--build DIR] [--keep]" >&2; exit 2 ;;
  esac
done
weilai="$build/apps/weilai/weilai"
client="$build/tests/cluster/weilai_drill_client"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
for f in "$weilai" "$client"; do [ -x "$f" ] || { echo "drill: $f is not built" >&2; exit 2; }; done
if [ ! -x "$nginx_bin" ] || [ ! -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
  # Under `make test` (WEILAI_REQUIRE_PG=1) a missing dependency is a failure, never a skip.
  if [ "${WEILAI_REQUIRE_PG:-0}" = 1 ]; then
    echo "drill: FAIL: needs nginx and PostgreSQL 15 (scripts/install-deps.sh --test)" >&2
    exit 1
  fi
  echo "drill: SKIP: needs nginx and PostgreSQL 15 (scripts/install-deps.sh --test)"
  exit 77
fi

work=$(mktemp -d /tmp/weilai-drill.XXXXXX)
chmod 755 "$work"
checker=""
nginx_pid=""
cleanup() {
  set +e
  [ -n "$checker" ] && kill "$checker" 2>/dev/null && wait "$checker" 2>/dev/null
  for n in 1 2 3; do
    [ -f "$work/server$n.pid" ] && kill "$(cat "$work/server$n.pid")" 2>/dev/null
  done
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null; fi
  sleep 0.3
  for n in 1 2 3; do
    [ -f "$work/server$n.pid" ] && kill -9 "$(cat "$work/server$n.pid")" 2>/dev/null
  done
  "$here/scripts/pg-throwaway.sh" stop "$work/pg"
  if [ "$keep" = 1 ]; then echo "drill: logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
pg_port=$(free_port)
lb_port=$(free_port)
ports=("" "$(free_port)" "$(free_port)" "$(free_port)")
t0=$(date +%s.%N)
stamp() { printf '[drill %6.1f s]' "$(echo "$(date +%s.%N) - $t0" | bc)"; }

db=$("$here/scripts/pg-throwaway.sh" start "$work/pg" "$pg_port")
echo "$(stamp) PostgreSQL on port $pg_port"

# One server: `start-server.sh N` starts server N in the background and waits for its /readyz.
cat >"$work/start-server.sh" <<SH
#!/usr/bin/env bash
n=\$1; shift
port=\$(sed -n "\${n}p" "$work/ports")
"$weilai" serve --db "$db" --listen "127.0.0.1:\$port" --no-access-log \
  --workers 6 --io-threads 1 "\$@" >>"$work/server\$n.log" 2>&1 </dev/null &
echo \$! >"$work/server\$n.pid"
for _ in \$(seq 1 300); do
  [ "\$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:\$port/readyz")" = 200 ] && exit 0
  kill -0 "\$(cat "$work/server\$n.pid")" 2>/dev/null || { echo "server \$n exited" >&2; exit 1; }
  sleep 0.1
done
echo "server \$n not ready after 30 s" >&2; exit 1
SH
chmod +x "$work/start-server.sh"
printf '%s\n' "${ports[1]}" "${ports[2]}" "${ports[3]}" >"$work/ports"
export WEILAI_DEMO_PASSWORD="Demo-Pass-2026!"
"$work/start-server.sh" 1 --demo || { cat "$work/server1.log"; exit 1; }
"$work/start-server.sh" 2 & s2=$!
"$work/start-server.sh" 3 & s3=$!
wait "$s2" || { cat "$work/server2.log"; exit 1; }
wait "$s3" || { cat "$work/server3.log"; exit 1; }
echo "$(stamp) three servers ready on ports ${ports[1]}, ${ports[2]}, ${ports[3]} (demo data loaded by the first)"

# nginx: upstream.conf is rewritten by the /readyz checker.
mkdir -p "$work/nginx/tmp"
write_upstream() {  # $1: space-separated list of server numbers that are down
  local n mark
  {
    echo "upstream weilai {"
    for n in 1 2 3; do
      mark=""
      case " $1 " in *" $n "*) mark=" down" ;; esac
      # Passive check: a refused connection or a timeout takes the server out for 2 s.
      echo "  server 127.0.0.1:${ports[$n]} max_fails=1 fail_timeout=2s$mark;"
    done
    echo "  keepalive 64;"
    echo "}"
  } >"$work/nginx/upstream.conf.new"
  mv "$work/nginx/upstream.conf.new" "$work/nginx/upstream.conf"
}
write_upstream ""
cat >"$work/nginx/nginx.conf" <<CONF
# Generated by deploy/cluster-drill.sh. The layout of docs/OPERATIONS.md's cluster section.
daemon off;
user root;
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  include $work/nginx/upstream.conf;
  server {
    listen 127.0.0.1:$lb_port;
    location / {
      proxy_pass http://weilai;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      # A refused connection or a timeout goes to the next server. A request already sent is
      # not re-sent when it is a POST (no non_idempotent): the client decides (Idempotency-Key).
      # A 503 from Weilai (database unavailable, a key still running) is passed on, not counted
      # as a server failure: every server would answer the same while PostgreSQL restarts.
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 1s;
      proxy_read_timeout 30s;
    }
  }
}
CONF
"$nginx_bin" -t -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" >"$work/nginx/test.log" 2>&1 ||
  { cat "$work/nginx/test.log"; exit 1; }
"$nginx_bin" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
for _ in $(seq 1 50); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$lb_port/readyz")" = 200 ] && break
  sleep 0.1
done
echo "$(stamp) nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///') balancing on port $lb_port"

# The active health check: /readyz of each server every 0.5 s (2 s timeout: a loaded server is
# slow, not dead); two failures in a row take a server out, one success puts it back; a change
# rewrites upstream.conf and reloads nginx (SIGHUP).
(
  last=""
  fails=(0 0 0 0)
  while :; do
    down=""
    for n in 1 2 3; do
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:${ports[$n]}/readyz" || true)
      if [ "$code" = 200 ]; then fails[$n]=0; else fails[$n]=$((fails[$n] + 1)); fi
      if [ "${fails[$n]}" -ge 2 ]; then down="$down $n"; fi
    done
    down=${down# }
    [ "$down" = "1 2 3" ] && down=""  # none ready (e.g. PostgreSQL restarting): keep all, rely on retries
    if [ "$down" != "$last" ]; then
      write_upstream "$down"
      kill -HUP "$nginx_pid" 2>/dev/null || true
      echo "$(date +%s.%N) down=[${down}]" >>"$work/health.log"
      last=$down
    fi
    sleep 0.5
  done
) &
checker=$!

cat >"$work/fault-kill.sh" <<SH
#!/usr/bin/env bash
kill -9 "\$(cat "$work/server2.pid")"
sleep 1
"$work/start-server.sh" 2
SH
cat >"$work/fault-pg.sh" <<SH
#!/usr/bin/env bash
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$work/pg/data" -l "$work/pg/log" \
  -m fast -w -t 30 restart >/dev/null
SH
chmod +x "$work/fault-kill.sh" "$work/fault-pg.sh"

echo "$(stamp) load: $clients clients for $seconds s through nginx ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
set +e
"$client" --port "$lb_port" --db "$db" --seconds "$seconds" --clients "$clients" \
  --fault "0.25:kill -9 server 2, restart it:$work/fault-kill.sh" \
  --fault "0.60:restart PostgreSQL:$work/fault-pg.sh"
status=$?
set -e
if [ -f "$work/health.log" ]; then
  echo "   /readyz checker (nginx reloads):"
  while read -r t state; do
    printf '     %+6.1f s %s\n' "$(echo "$t - $t0" | bc)" "$state"
  done <"$work/health.log"
fi

echo "$(stamp) afterwards (load average $(cut -d' ' -f1-3 /proc/loadavg)):"
"$weilai" ledger verify --db "$db" | tail -1 || status=1
"$weilai" audit verify --db "$db" | tail -1 || status=1
for n in 1 2 3; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[$n]}/readyz")
  [ "$code" = 200 ] || { echo "FAIL server $n /readyz answered $code"; status=1; }
done
errors=$(cat "$work"/server*.log | grep -c '\[error\]\|\[critical\]' || true)
echo "   server log lines at error level: $errors (expected while PostgreSQL restarts)"
if [ "$status" = 0 ]; then echo "$(stamp) CLUSTER DRILL PASSED"; else
  echo "$(stamp) CLUSTER DRILL FAILED"
  tail -n 5 "$work"/server*.log "$work/nginx/error.log"
fi
exit "$status"
