#!/usr/bin/env bash
# The dependency rule, checked: domain modules never include HTTP, database, crypto-library,
# logging or OSM headers; those stay in http/, storage/, crypto/, osm/ and apps/.
set -euo pipefail
cd "$(dirname "$0")/.."
domain="src/core src/geo src/graph src/planning src/evaluation src/programme src/community src/identity src/audit"
existing=$(for d in $domain; do [ -d "$d" ] && echo "$d"; done)
pattern='#include [<"](boost/(beast|asio|json|url)|sqlite3|pqxx|libpq|osmium|sodium|spdlog|CLI/)'
if leaks=$(grep -rnE "$pattern" $existing 2>/dev/null); then
  echo "layering: domain modules include infrastructure headers:" >&2
  echo "$leaks" >&2
  exit 1
fi
echo "layering: domain modules include no infrastructure headers"
