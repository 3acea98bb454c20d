#!/usr/bin/env bash
# Planning benchmark, side by side: builds the Porto walk graph, runs the C++ Google Benchmark
# program and the exact-results dump, networkx on the exported graph, and pgRouting
# (pgr_drivingDistance, 2,000 starts, 800 m-equivalent = 10 min = 6000 ds, + count) on a
# throwaway PostgreSQL; checks that all answers are equal and prints each figure with the ratio
# peer / Weilai. Not part of ctest. Run from anywhere; needs root for apt-get/PostgreSQL.
#   bench/planning/run.sh   (env: BUILD_DIR, OUT_DIR, PG_PORT; SKIP_BUILD=1 reuses BUILD_DIR as is;
#                            SKIP_BENCH=1, SKIP_NX=1, SKIP_PG=1 skip those parts)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build/bench}
OUT_DIR=${OUT_DIR:-$BUILD_DIR/planning-bench}
PG_PORT=${PG_PORT:-55491}
CUTOFF_DS=6000
mkdir -p "$OUT_DIR"
FIG="$OUT_DIR/figures.txt"
: >"$FIG"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== build (Release) -> $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWEILAI_BUILD_TESTS=OFF >/dev/null
  cmake --build "$BUILD_DIR" -j "$(nproc)" --target weilai planning_bench planning_compare >/dev/null
fi
BIN="$BUILD_DIR/apps/weilai/weilai"
GRAPH="$BUILD_DIR/porto_walk.graph"

echo "== Porto walk graph"
"$BIN" graph build --osm "$ROOT/data/osm/porto.osm.pbf" --profile walk --out "$GRAPH"
"$BIN" graph export --graph "$GRAPH" --nodes "$OUT_DIR/nodes.csv" --edges "$OUT_DIR/edges.csv"

echo "== Weilai exact results (2,000 facility nodes, cutoff ${CUTOFF_DS} ds)"
"$BUILD_DIR/bench/planning/planning_compare" "$GRAPH" "$OUT_DIR" 2000 "$CUTOFF_DS" | tee -a "$FIG"

if [ "${SKIP_BENCH:-0}" != 1 ]; then
echo "== Weilai Google Benchmark"
WEILAI_BENCH_GRAPH="$GRAPH" "$BUILD_DIR/bench/planning/planning_bench" \
  --benchmark_min_time=0.5 --benchmark_format=console --benchmark_out="$OUT_DIR/planning_bench.json" \
  --benchmark_out_format=json
python3 - "$OUT_DIR/planning_bench.json" >>"$FIG" <<'PY'
import json, sys
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1, "s": 1000}[b["time_unit"]]
    print(f"bench {b['name']}_ms {b['real_time'] * scale:.2f}")
PY
fi

if [ "${SKIP_NX:-0}" != 1 ]; then
  echo "== networkx $(python3 -c 'import networkx; print(networkx.__version__)')"
  python3 "$ROOT/bench/planning/compare_networkx.py" "$OUT_DIR" "$CUTOFF_DS" | tee -a "$FIG"
fi

if [ "${SKIP_PG:-0}" != 1 ]; then
  echo "== pgRouting"
  if ! dpkg -s postgresql-15-pgrouting >/dev/null 2>&1; then
    apt-get install -y --no-install-recommends postgresql-15-pgrouting >/dev/null
  fi
  PGDIR=$(mktemp -d /tmp/weilai-pgr.XXXXXX)
  trap '"$ROOT/scripts/pg-throwaway.sh" stop "$PGDIR"' EXIT
  URL=$("$ROOT/scripts/pg-throwaway.sh" start "$PGDIR" "$PG_PORT")
  chmod a+r "$OUT_DIR"/*.csv "$OUT_DIR"/facility_nodes.txt
  # Arcs are loaded reversed (like networkx) so that a forward search measures node -> facility.
  psql -q -v ON_ERROR_STOP=1 "$URL" <<SQL
CREATE EXTENSION pgrouting CASCADE;
CREATE TABLE arcs_raw (source bigint, target bigint, seconds text);
\copy arcs_raw FROM '$OUT_DIR/edges.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE arcs AS
  SELECT row_number() OVER () AS id, target AS source, source AS target,
         (replace(seconds, '.', ''))::float8 AS cost, -1::float8 AS reverse_cost FROM arcs_raw;
CREATE TABLE facilities (node bigint);
\copy facilities FROM '$OUT_DIR/facility_nodes.txt'
CREATE TABLE weilai (node bigint, nearest_ds bigint, count int);
\copy weilai FROM '$OUT_DIR/weilai_results.csv' WITH (FORMAT csv, HEADER true)
ANALYZE;
SQL
  t0=$(date +%s%N)
  psql -q -v ON_ERROR_STOP=1 "$URL" -c "CREATE TABLE pgr_counts AS SELECT node, count(*)::int AS count FROM pgr_drivingDistance(
      'SELECT id, source, target, cost, reverse_cost FROM arcs', (SELECT array_agg(node) FROM facilities),
      $CUTOFF_DS, directed => true) GROUP BY node"
  t1=$(date +%s%N)
  echo "pgrouting drivingdistance_count_ms $(( (t1 - t0) / 1000000 ))" | tee -a "$FIG"
  psql -qtA "$URL" -c "SELECT 'pgrouting count_mismatches ' || count(*) FROM weilai w
      LEFT JOIN pgr_counts p ON p.node = w.node WHERE coalesce(p.count, 0) <> w.count" | tee -a "$FIG"
  psql -qtA "$URL" -c "SELECT 'pgrouting version ' || pgr_version()" | tee -a "$FIG"
fi

echo "== summary (ratio = peer time / Weilai time; > 1 means Weilai is faster)"
python3 - "$FIG" <<'PY'
import sys
f = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 3:
        f[f"{parts[0]} {parts[1]}"] = parts[2]
def num(k):
    try:
        return float(f[k])
    except (KeyError, ValueError):
        return None
w_near, w_count = num("weilai nearest_ms"), num("weilai count_ms")
rows = [
    ("nearest facility, all nodes", "weilai nearest_ms", [("networkx", "networkx nearest_ms")]),
    ("count within 800 m (10 min)", "weilai count_ms",
     [("networkx", "networkx count_ms"), ("pgRouting", "pgrouting drivingdistance_count_ms")]),
]
for title, wk, peers in rows:
    w = num(wk)
    print(f"{title}: Weilai {w:.1f} ms")
    for name, pk in peers:
        p = num(pk)
        if p is not None and w:
            print(f"    {name:10s} {p:10.1f} ms   ratio {p / w:8.1f}x")
for k in ["networkx nearest_mismatches", "networkx count_mismatches", "pgrouting count_mismatches"]:
    if k in f:
        print(f"{k}: {f[k]}")
for k, v in f.items():
    if k.startswith("bench "):
        print(f"{k[6:]}: {v}")
PY
