#!/usr/bin/env bash
# The web app's tests: Vitest unit tests, then browser tests (node --test + playwright-core driving
# Debian's /usr/bin/chromium) against a REAL `weilai serve --demo` on a free port with a fresh
# SQLite file. Fails when anything fails, including when the server cannot be started.
set -euo pipefail
cd "$(dirname "$0")/.."
web=$(pwd)

scripts/build.sh

echo "== web: unit tests (vitest)"
npx vitest run

BIN=${WEILAI_BIN:-$web/../build/release/apps/weilai/weilai}
if [ ! -x "$BIN" ]; then
  echo "FAIL: the server binary $BIN does not exist; build it first (make build)" >&2
  exit 1
fi
if ! "$BIN" serve --help >/dev/null 2>&1; then
  echo "FAIL: $BIN has no working 'serve' subcommand yet; the browser tests need it" >&2
  exit 1
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "FAIL: ${CHROMIUM:-/usr/bin/chromium} is missing (apt-get install chromium)" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/weilai-web-e2e.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
export WEILAI_DEMO_PASSWORD="e2e-Demo-$(date +%s)-pass"
echo "== web: starting weilai serve on 127.0.0.1:$port (log: $tmp/server.log)"
"$BIN" serve --db "sqlite:$tmp/weilai.db" --listen "127.0.0.1:$port" --web-root dist --demo >"$tmp/server.log" 2>&1 &
server_pid=$!

ready=
for _ in $(seq 1 300); do
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  if [ "$(node -e "fetch('http://127.0.0.1:$port/readyz').then(r=>console.log(r.status)).catch(()=>console.log(0))")" = 200 ]; then ready=1; break; fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "FAIL: weilai serve did not become ready on port $port" >&2
  tail -n 50 "$tmp/server.log" >&2 || true
  exit 1
fi

mkdir -p ../test-artifacts/screenshots
echo "== web: browser tests"
status=0
WEILAI_BASE_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 --test-reporter=spec e2e/ || status=$?
if [ "$status" -ne 0 ]; then
  echo "== server log (last 80 lines)" >&2
  tail -n 80 "$tmp/server.log" >&2 || true
  exit "$status"
fi
echo "== web: all tests passed (screenshots in test-artifacts/screenshots)"
