#!/usr/bin/env bash
# Builds the web app into web/dist. Quick when nothing changed:
#  - installs only when node_modules is missing or package-lock.json is newer than the install;
#  - the build only when some source is newer than dist.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install` with the committed lock, not `npm ci`: vite 8 lists a Windows-only optional
  # package (napi-windows-process-start-time) that the registry answers 404 for, so the lock
  # cannot record it and `npm ci` refuses the lock as out of sync. `npm install` skips the
  # missing optional package and installs exactly the locked versions of everything else.
  echo "== web: npm install (locked versions)"
  npm install --no-audit --no-fund
fi

stamp=dist/.build-stamp
if [ -f "$stamp" ] && [ -z "$(find src public index.html package.json package-lock.json vite.config.ts tsconfig.json tsconfig.app.json env.d.ts -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "== web: dist is up to date"
  exit 0
fi

echo "== web: type check and build"
npm run build
touch "$stamp"
