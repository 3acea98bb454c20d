#!/usr/bin/env bash
# Installs every build, test and run-time dependency of Weilai from Debian's packages and npm.
# Idempotent: when everything is present it only checks and returns in about a second.
# Usage: scripts/install-deps.sh [--test]   (--test adds PostgreSQL server, Chromium, wrk, nginx)
set -euo pipefail
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

pkgs=(build-essential cmake ninja-build ccache lld pkg-config git ca-certificates curl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev libpqxx-dev
  libosmium2-dev libprotozero-dev zlib1g-dev libbz2-dev libexpat1-dev
  libgeos-dev libspdlog-dev libfmt-dev libcli11-dev libsodium-dev nlohmann-json3-dev libjemalloc-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev)
# The base image ships Node.js 20 with npm; Debian's own nodejs/npm only where it has none.
command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)
if [ "$want_test" = 1 ]; then
  pkgs+=(postgresql postgresql-client chromium chromium-driver wrk python3-networkx
    fonts-noto-cjk clang-format nginx)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# libosmium2-dev depends on libboost-dev (1.74), which conflicts with Boost 1.81. libosmium does not
# use Boost in C++20 mode, so a tiny local package named libboost-dev satisfies it with 1.81.
need_shim=0
dpkg-query -W -f='${Version}' libboost-dev 2>/dev/null | grep -q 'local' || need_shim=1

if [ ${#missing[@]} -eq 0 ] && [ "$need_shim" = 0 ]; then
  echo "install-deps: all ${#pkgs[@]} Debian packages present"
else
  echo "install-deps: installing ${missing[*]:-libboost-dev shim}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  d=$(mktemp -d)
  mkdir -p "$d/DEBIAN"
  cat > "$d/DEBIAN/control" <<'CTL'
Package: libboost-dev
Version: 1.81.0.99~local
Architecture: all
Maintainer: weilai <build@localhost>
Depends: libboost1.81-dev
Description: satisfies libboost-dev with Boost 1.81 (libosmium needs no Boost in C++20)
CTL
  dpkg-deb --build "$d" /tmp/libboost-dev-local.deb >/dev/null
  rm -rf "$d"
  # nginx is only run by the cluster drill (deploy/cluster-drill.sh, its own config, no daemon):
  # keep the package from starting a system nginx on port 80 (Docker images already deny it).
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
  fi
  apt-get install -y -qq --no-install-recommends /tmp/libboost-dev-local.deb "${pkgs[@]}" >/dev/null
  if [ "$own_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  echo "install-deps: done"
fi
