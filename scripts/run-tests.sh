#!/usr/bin/env bash
# Every test of `make test`: C++ unit and integration tests (SQLite and a throwaway PostgreSQL 15)
# on the release build, again under AddressSanitizer + UndefinedBehaviorSanitizer, then the web
# app's unit tests and browser tests in Chromium. Any failure fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
phase_start=$SECONDS
# Prints how long the phase that just ended took, so the run's time budget can be read off the log.
phase_done() { echo "== $1 took $((SECONDS - phase_start)) s (total $SECONDS s)"; phase_start=$SECONDS; }
scripts/check-layering.sh
pgdir=$(mktemp -d /tmp/weilai-pg.XXXXXX)
trap 'scripts/pg-throwaway.sh stop "$pgdir"' EXIT
port=$(( 55000 + RANDOM % 5000 ))
export WEILAI_TEST_PG_URL=$(scripts/pg-throwaway.sh start "$pgdir" "$port")
export WEILAI_REQUIRE_PG=1   # PostgreSQL tests fail, never skip, when the server is missing
echo "== PostgreSQL 15 for tests at $WEILAI_TEST_PG_URL"

echo "== C++ tests (release)"
ctest --preset release -j "$JOBS" --timeout 600
phase_done "release ctest"

echo "== C++ tests under ASan+UBSan"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$JOBS"
phase_done "ASan build"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$JOBS" --timeout 900
phase_done "ASan ctest"

if [ -f web/package.json ]; then
  echo "== Web unit and browser tests"
  (cd web && scripts/test.sh)
  phase_done "web tests"
fi
echo "== all tests passed"
