#!/usr/bin/env bash
# bench/http/run.sh: wrk on loopback against weilai (GET /healthz, and the authenticated,
# database-backed GET /api/v1/projects?limit=10) and against the minimal Beast ceiling server
# (bench/http/ceiling_server.cpp). Prints requests/s, p50, p99 and the ratio to the ceiling, and a
# PASS/MISS line for the goal: the authenticated DB endpoint reaches >= 0.5 x the ceiling's
# requests/s with p99 < 20 ms. See bench/http/README.md.
#
# Builds nothing. Environment:
#   BUILD_DIR    build tree holding apps/weilai/weilai and bench/http/http_ceiling_server
#                (default: build/release of this repository)
#   WEILAI_BIN, CEILING_BIN   override either binary
#   DURATION     seconds per measured wrk run (default 10); WARMUP seconds before each (default 2)
#   CONNECTIONS  wrk connections (default 64); THREADS wrk threads (default 2)
#   IO_THREADS   I/O threads of both servers (default 2); WORKERS weilai handler threads (default 8)
#   BENCH_PG=1   also measure weilai on a throwaway PostgreSQL 15 (scripts/pg-throwaway.sh)
#   OUT_DIR      where the raw wrk outputs go (default: a temp dir, printed at the end)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build/release}
WEILAI_BIN=${WEILAI_BIN:-$BUILD_DIR/apps/weilai/weilai}
CEILING_BIN=${CEILING_BIN:-$BUILD_DIR/bench/http/http_ceiling_server}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
IO_THREADS=${IO_THREADS:-2}
WORKERS=${WORKERS:-8}
BENCH_PG=${BENCH_PG:-0}
PASSWORD=${WEILAI_DEMO_PASSWORD:-Bench-Passw0rd-42}

missing=0
for bin in "$WEILAI_BIN" "$CEILING_BIN"; do
  if [ ! -x "$bin" ]; then echo "missing binary: $bin" >&2; missing=1; fi
done
if [ "$missing" = 1 ]; then
  cat >&2 <<EOF
Build first, for example:
  make build                       # or: cmake --preset release && cmake --build --preset release
  cmake --build --preset release --target weilai http_ceiling_server -j2
or point BUILD_DIR (or WEILAI_BIN / CEILING_BIN) at another build tree.
EOF
  exit 1
fi

if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt-get)..." >&2
  apt-get install -y --no-install-recommends wrk >/dev/null 2>&1 ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends wrk >/dev/null; }
fi
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }

WORK=$(mktemp -d /tmp/weilai-bench-http.XXXXXX)
OUT_DIR=${OUT_DIR:-$WORK/out}
mkdir -p "$OUT_DIR"
PIDS=()
PG_DIR=""
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if [ -n "$PG_DIR" ]; then "$ROOT/scripts/pg-throwaway.sh" stop "$PG_DIR" || true; fi
  # Keep the raw wrk outputs when they live in WORK; drop the databases and logs.
  rm -rf "$WORK/db" "$WORK"/*.log 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until a server's stdout names its port; prints the port.
wait_port() {  # log_file pattern
  local log=$1 pattern=$2 port=""
  for _ in $(seq 300); do
    port=$(sed -n "s#.*$pattern\([0-9][0-9]*\).*#\1#p" "$log" | head -n1)
    [ -n "$port" ] && { echo "$port"; return 0; }
    sleep 0.1
  done
  echo "server did not start; its log:" >&2; cat "$log" >&2; return 1
}

# Starts weilai on a free loopback port; sets W_PID and W_PORT.
start_weilai() {  # db_url log_file
  WEILAI_DEMO_PASSWORD=$PASSWORD "$WEILAI_BIN" serve --db "$1" --listen 127.0.0.1:0 --demo \
    --no-access-log --io-threads "$IO_THREADS" --workers "$WORKERS" >"$2" 2>&1 &
  W_PID=$!
  PIDS+=("$W_PID")
  W_PORT=$(wait_port "$2" "Weilai is serving http://127.0.0.1:")
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$W_PORT/readyz" && return 0
    sleep 0.1
  done
  echo "weilai is not ready; its log:" >&2; cat "$2" >&2; return 1
}

stop_pid() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Logs in as drc; prints the bearer token.
login() {  # port
  local body token
  body=$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"login\":\"drc\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$1/api/v1/auth/login")
  token=$(printf '%s' "$body" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { echo "login failed: $body" >&2; return 1; }
  echo "$token"
}

# Checks that an authenticated request answers 200 with items (so wrk does not time 401s).
check_endpoint() {  # url token
  local status
  status=$(curl -sS -o "$WORK/check.json" -w '%{http_code}' -H "Authorization: Bearer $2" "$1")
  if [ "$status" != 200 ] || ! grep -q '"items":\[{' "$WORK/check.json"; then
    echo "GET $1 answered $status: $(head -c 300 "$WORK/check.json")" >&2
    return 1
  fi
}

# wrk latency figures to milliseconds ("812.00us", "1.23ms", "1.02s", "2.00m").
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

ROWS=()  # "name|rps|p50|p99|errors"
# Runs wrk (a warm-up, then the measured run) and appends a row.
bench() {  # name url [header]
  local name=$1 url=$2 out
  out="$OUT_DIR/$(printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_').txt"
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency)
  [ $# -ge 3 ] && args+=(-H "$3")
  if [ "$WARMUP" -gt 0 ]; then wrk "${args[@]}" -d"${WARMUP}s" "$url" >/dev/null; fi
  wrk "${args[@]}" -d"${DURATION}s" "$url" >"$out"
  local rps p50 p99 non2xx sockerr
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  sockerr=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
  ROWS+=("$name|$rps|$p50|$p99|$(( ${non2xx:-0} + ${sockerr:-0} ))")
  echo "  $name: $rps req/s, p50 $p50 ms, p99 $p99 ms" >&2
}

CORES=$(nproc)
echo "bench/http: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency (warm-up ${WARMUP}s), loopback" >&2
echo "servers: $IO_THREADS I/O threads (weilai: + $WORKERS workers); machine: $CORES cores" >&2
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_BEFORE" 'BEGIN { exit !(l > 0.5) }'; then
  echo "warning: load average $LOAD_BEFORE before the run: other work on this machine skews the figures" >&2
fi

# weilai on SQLite
mkdir -p "$WORK/db"
echo "weilai (SQLite, fresh demo database)..." >&2
start_weilai "sqlite:$WORK/db/weilai.db" "$WORK/weilai-sqlite.log"
TOKEN=$(login "$W_PORT")
check_endpoint "http://127.0.0.1:$W_PORT/api/v1/projects?limit=10" "$TOKEN"
cp "$WORK/check.json" "$OUT_DIR/projects-page.json"
bench "weilai /healthz (sqlite)" "http://127.0.0.1:$W_PORT/healthz"
bench "weilai /api/v1/projects?limit=10 auth (sqlite)" \
  "http://127.0.0.1:$W_PORT/api/v1/projects?limit=10" "Authorization: Bearer $TOKEN"
stop_pid "$W_PID"

# weilai on PostgreSQL (optional)
if [ "$BENCH_PG" = 1 ]; then
  echo "weilai (PostgreSQL 15, throwaway cluster)..." >&2
  # Its own directory: the postgres user cannot enter WORK (mode 700, root's).
  PG_DIR=$(mktemp -d /tmp/weilai-bench-pg.XXXXXX)
  PG_PORT=${PG_PORT:-55487}
  PG_URL=$("$ROOT/scripts/pg-throwaway.sh" start "$PG_DIR" "$PG_PORT") ||
    { echo "cannot start PostgreSQL:" >&2; cat "$PG_DIR"/*.log >&2 || true; exit 1; }
  start_weilai "$PG_URL" "$WORK/weilai-pg.log"
  TOKEN=$(login "$W_PORT")
  check_endpoint "http://127.0.0.1:$W_PORT/api/v1/projects?limit=10" "$TOKEN"
  bench "weilai /healthz (pg)" "http://127.0.0.1:$W_PORT/healthz"
  bench "weilai /api/v1/projects?limit=10 auth (pg)" \
    "http://127.0.0.1:$W_PORT/api/v1/projects?limit=10" "Authorization: Bearer $TOKEN"
  stop_pid "$W_PID"
  "$ROOT/scripts/pg-throwaway.sh" stop "$PG_DIR"
  PG_DIR=""
fi

# The ceiling
echo "ceiling server..." >&2
"$CEILING_BIN" --listen 127.0.0.1:0 --io-threads "$IO_THREADS" >"$WORK/ceiling.log" 2>&1 &
C_PID=$!
PIDS+=("$C_PID")
C_PORT=$(wait_port "$WORK/ceiling.log" "listening on 127.0.0.1:")
bench "ceiling (Beast, fixed JSON)" "http://127.0.0.1:$C_PORT/healthz"
stop_pid "$C_PID"
# Not the goal's ceiling: the same server answering a copy of the projects page, to tell the cost
# of a larger answer from the cost of producing it.
"$CEILING_BIN" --listen 127.0.0.1:0 --io-threads "$IO_THREADS" \
  --body-file "$OUT_DIR/projects-page.json" >"$WORK/ceiling-page.log" 2>&1 &
C_PID=$!
PIDS+=("$C_PID")
C_PORT=$(wait_port "$WORK/ceiling-page.log" "listening on 127.0.0.1:")
bench "ceiling, projects page body ($(wc -c <"$OUT_DIR/projects-page.json") B)" \
  "http://127.0.0.1:$C_PORT/healthz"
stop_pid "$C_PID"

# The table
CEIL_RPS=$(printf '%s\n' "${ROWS[@]}" | awk -F'|' '/^ceiling \(/ {print $2}')
echo
echo "HTTP benchmark $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $CORES cores shared by wrk and the server"
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency; servers with $IO_THREADS I/O threads"
echo "load average (1 min) before the run: $LOAD_BEFORE"
printf '%-46s %12s %9s %9s %7s %9s\n' target requests/s "p50 ms" "p99 ms" errors "x ceiling"
for row in "${ROWS[@]}"; do
  IFS='|' read -r name rps p50 p99 errs <<<"$row"
  ratio=$(awk -v a="$rps" -v b="$CEIL_RPS" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-46s %12s %9s %9s %7s %9s\n' "$name" "$rps" "$p50" "$p99" "$errs" "$ratio"
done
echo
verdict=0
for row in "${ROWS[@]}"; do
  IFS='|' read -r name rps p50 p99 errs <<<"$row"
  case "$name" in *auth*) ;; *) continue ;; esac
  line=$(awk -v a="$rps" -v b="$CEIL_RPS" -v p="$p99" -v e="$errs" 'BEGIN {
    r = (b > 0 ? a / b : 0); ok = (r >= 0.5 && p < 20 && e == 0)
    printf "%s %s: %.2f x ceiling (goal >= 0.50), p99 %.2f ms (goal < 20), errors %d",
           (ok ? "PASS" : "MISS"), "", r, p, e }')
  echo "${line%% *} $name:${line#*:}"
  case "$line" in MISS*) verdict=1 ;; esac
done
echo "Note: only $CORES cores, shared by wrk ($THREADS threads) and the server under test;"
echo "figures are relative (ratio to the ceiling), not absolute capacity."
echo "raw wrk outputs: $OUT_DIR"
exit "$verdict"
