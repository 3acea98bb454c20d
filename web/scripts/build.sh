#!/usr/bin/env bash
# Builds the web app into web/dist. Quick when nothing changed:
#  - `npm ci` only when node_modules is missing or package-lock.json is newer than the install;
#  - the build only when some source is newer than dist.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== web: npm ci"
  npm ci --no-audit --no-fund
fi

stamp=dist/.build-stamp
if [ -f "$stamp" ] && [ -z "$(find src public index.html package.json package-lock.json vite.config.ts tsconfig.json tsconfig.app.json env.d.ts -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "== web: dist is up to date"
  exit 0
fi

echo "== web: type check and build"
npm run build
touch "$stamp"
