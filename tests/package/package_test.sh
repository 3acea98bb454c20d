#!/usr/bin/env bash
# Builds the .deb with CPack, inspects it (dpkg-deb -I/-c), runs the maintainer script's syntax
# check, unpacks it with `dpkg -x` into a scratch root and runs the packaged binary exactly as the
# systemd unit does (`weilai serve --config /etc/weilai/weilai.conf`, data under the scratch root),
# then checks /readyz, /healthz and the packaged web app.
#
# Why dpkg -x rather than dpkg -i: this build machine is shared (other builds, a system
# PostgreSQL); `dpkg -i` would create a system user and a unit on it and cannot be confined to a
# scratch root without a chroot holding a whole Debian. `dpkg -i` on a clean Debian 12 is the
# documented manual check in docs/OPERATIONS.md.
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work=$(mktemp -d /tmp/weilai-package.XXXXXX)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "package_test: FAIL: $*" >&2; exit 1; }

# The web app as shipped: web/scripts/build.sh rebuilds web/dist only when a source is newer.
"$src/web/scripts/build.sh" >"$work/web-build.log" 2>&1 || { cat "$work/web-build.log"; fail "web build"; }

# cpack re-runs the install step of the configured build into its own staging directory.
(cd "$work" && cpack -G DEB -B "$work/out" --config "$build/CPackConfig.cmake" >"$work/cpack.log" 2>&1) \
  || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/out/weilai_*.deb)
echo "package_test: built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

info=$(dpkg-deb -I "$deb")
grep -q '^ Package: weilai$' <<<"$info" || fail "package name"
grep -q '^ Depends:.*adduser' <<<"$info" || fail "Depends adduser"
grep -q '^ Depends:.*libc6' <<<"$info" || fail "shlibdeps Depends (libc6)"
grep -q '^ Recommends: postgresql-client' <<<"$info" || fail "Recommends postgresql-client"
for s in postinst prerm postrm conffiles; do grep -qw "$s" <<<"$info" || fail "control file $s"; done

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/weilai ./etc/weilai/weilai.conf ./lib/systemd/system/weilai.service \
  ./usr/share/weilai/web/index.html ./usr/share/doc/weilai/OPERATIONS.md; do
  grep -q " $f\$" <<<"$contents" || fail "$f missing from the package"
done

ctl="$work/control"
dpkg-deb -e "$deb" "$ctl"
grep -qx /etc/weilai/weilai.conf "$ctl/conffiles" || fail "weilai.conf is not a conffile"
for s in postinst prerm postrm; do sh -n "$ctl/$s" || fail "$s syntax"; done
# Run postinst against stand-ins for the system tools (nothing on this machine changes) and check
# what it asks for: a system group and user named weilai, the data directory, the config's mode.
shims="$work/shims"
mkdir -p "$shims"
for tool in getent addgroup adduser install chown chmod systemctl; do
  printf '#!/bin/sh\necho "%s $*" >>"%s"\n[ "%s" = getent ] && exit 2\nexit 0\n' \
    "$tool" "$work/calls" "$tool" >"$shims/$tool"
  chmod +x "$shims/$tool"
done
PATH="$shims:$PATH" sh "$ctl/postinst" configure || fail "postinst configure"
for call in 'addgroup --quiet --system weilai' \
  'adduser --quiet --system --ingroup weilai --home /var/lib/weilai --no-create-home --shell /usr/sbin/nologin --gecos Weilai server weilai' \
  'install -d -o weilai -g weilai -m 0750 /var/lib/weilai' 'chown root:weilai /etc/weilai/weilai.conf' \
  'chmod 0640 /etc/weilai/weilai.conf'; do
  grep -qxF "$call" "$work/calls" || { cat "$work/calls"; fail "postinst did not run: $call"; }
done

root="$work/root"
dpkg -x "$deb" "$root"
unit="$root/lib/systemd/system/weilai.service"
for opt in 'User=weilai' 'ProtectSystem=strict' 'PrivateTmp=true' 'NoNewPrivileges=true' \
  'ReadWritePaths=/var/lib/weilai' 'StandardOutput=journal' \
  'ExecStart=/usr/bin/weilai serve --config /etc/weilai/weilai.conf'; do
  grep -qx "$opt" "$unit" || fail "unit lacks $opt"
done
if command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify "$unit" 2>&1 | grep -v 'weilai' || true
fi

# Run as the unit does, with the data directory moved under the scratch root. WEILAI_* overrides
# stand in for the paths a real install has (the unit's EnvironmentFile mechanism).
bin="$root/usr/bin/weilai"
conf="$root/etc/weilai/weilai.conf"
mkdir -p "$root/var/lib/weilai"
export WEILAI_DB="sqlite:$root/var/lib/weilai/weilai.db"
export WEILAI_WEB_ROOT="$root/usr/share/weilai/web"
export WEILAI_LISTEN="127.0.0.1:0"
"$bin" --version >/dev/null || fail "weilai --version"
"$bin" config check --config "$conf" >"$work/check.log" 2>&1 || { cat "$work/check.log"; fail "config check"; }
"$bin" serve --config "$conf" >"$work/serve.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's#^Weilai is serving http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$work/serve.log")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; fail "serve exited"; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log"; fail "serve did not start"; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")
[ "$code" = 200 ] || fail "/readyz answered $code"
health=$(curl -sf "http://127.0.0.1:$port/healthz") || fail "/healthz"
grep -q ok <<<"$health" || fail "/healthz says $health"
page=$(curl -sf "http://127.0.0.1:$port/") || fail "GET /"
grep -qi '<html' <<<"$page" || fail "the packaged web app is not served"
[ -f "$root/var/lib/weilai/weilai.db" ] || fail "no database under the data directory"
echo "package_test: $(basename "$deb") unpacked (dpkg -x), its binary serves /readyz on port $port"
