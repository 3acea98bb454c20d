#!/usr/bin/env bash
# Builds the .deb with CPack, inspects it (dpkg-deb -I/-c), runs the maintainer scripts' syntax
# check and postinst against stand-ins, then runs the packaged binary exactly as the systemd unit
# does (`weilai serve --config /etc/weilai/weilai.conf` as its user, SQLite in /var/lib/weilai)
# and checks /readyz, /healthz, the login page and the shipped data directory:
#
#   - as root: really installs it with `dpkg -i` on this machine (its Depends are already
#     installed by scripts/install-deps.sh; nothing is downloaded), runs `weilai config check`
#     (the unit's ExecStartPre) and `weilai serve` as the `weilai` user with the unit's working
#     directory, imports the default org units, then `dpkg --purge`s the package and removes what
#     the package keeps on purge (the weilai user and group, /var/lib/weilai) when this test
#     created them, so the machine is left as it was. Refuses to touch a machine where weilai is
#     already installed (then it takes the dpkg -x path below). systemd itself is not needed:
#     postinst only calls systemctl when /run/systemd/system exists.
#   - otherwise (or with WEILAI_PACKAGE_NO_INSTALL=1): unpacks it with `dpkg -x` into a scratch root and runs the binary from there,
#     with the data directory, web root and port redirected by WEILAI_* variables.
#
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work=$(mktemp -d /tmp/weilai-package.XXXXXX)
pid=""
installed=0
made_user=0
made_group=0
made_data=0
made_etc=0
uninstall() {
  [ "$installed" = 1 ] || return 0
  installed=0
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi
  dpkg --purge weilai >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; echo "package_test: dpkg --purge failed" >&2; }
  # What the package keeps on purge (docs/OPERATIONS.md), removed only when this test made it.
  if [ "$made_user" = 1 ]; then deluser --quiet --system weilai >/dev/null 2>&1 || userdel weilai || true; fi
  if [ "$made_group" = 1 ] && getent group weilai >/dev/null; then delgroup --quiet --system weilai >/dev/null 2>&1 || groupdel weilai || true; fi
  if [ "$made_data" = 1 ]; then rm -rf /var/lib/weilai; fi
  if [ "$made_etc" = 1 ]; then rm -rf /etc/weilai; fi
}
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  uninstall
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
  ./usr/share/weilai/web/index.html ./usr/share/doc/weilai/OPERATIONS.md \
  ./usr/share/weilai/data/osm/monaco.osm.pbf ./usr/share/weilai/data/org/lishui-default.csv \
  ./usr/share/weilai/data/org/SOURCES.md ./usr/share/weilai/data/osm/SOURCES.md; do
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

# Waits for "Weilai is serving http://127.0.0.1:PORT/" in $1 (the log of process $2); prints PORT.
wait_port() {
  local port=""
  for _ in $(seq 1 150); do
    port=$(sed -n 's#^Weilai is serving http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$1")
    [ -n "$port" ] && break
    kill -0 "$2" 2>/dev/null || { cat "$1" >&2; fail "serve exited"; }
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$1" >&2; fail "serve did not start"; }
  echo "$port"
}
# The checks of a running packaged server on port $1 whose data directory must be $2.
check_server() {
  local port=$1 data=$2 log=$3
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")
  [ "$code" = 200 ] || fail "/readyz answered $code"
  health=$(curl -sf "http://127.0.0.1:$port/healthz") || fail "/healthz"
  grep -q ok <<<"$health" || fail "/healthz says $health"
  page=$(curl -sf "http://127.0.0.1:$port/") || fail "GET /"
  grep -qi '<html' <<<"$page" || fail "the packaged web app is not served"
  login=$(curl -sf "http://127.0.0.1:$port/login") || fail "GET /login (the login page)"
  grep -qi '<html' <<<"$login" || fail "the login page is not served"
  grep -qF "data directory $data" "$log" || { cat "$log"; fail "the server does not use $data"; }
}

if [ "$(id -u)" = 0 ] && [ -z "${WEILAI_PACKAGE_NO_INSTALL:-}" ] && ! dpkg-query -W -f='${Status}' weilai 2>/dev/null | grep -q installed \
  && [ ! -e /usr/bin/weilai ]; then
  # ---- a real install on this machine ----
  getent passwd weilai >/dev/null || made_user=1
  getent group weilai >/dev/null || made_group=1
  [ -e /var/lib/weilai ] || made_data=1
  [ -e /etc/weilai ] || made_etc=1
  installed=1
  # dpkg's lock may be held for a moment by another apt/dpkg run: wait for it.
  ok=0
  for _ in $(seq 1 30); do
    if dpkg -i "$deb" >"$work/install.log" 2>&1; then ok=1; break; fi
    grep -q 'lock' "$work/install.log" || break
    sleep 2
  done
  [ "$ok" = 1 ] || { cat "$work/install.log"; fail "dpkg -i (dependencies are expected from scripts/install-deps.sh)"; }
  dpkg-query -W -f='${Status}' weilai | grep -q 'install ok installed' || fail "weilai is not configured"
  getent passwd weilai | grep -q ':/usr/sbin/nologin$' || fail "postinst did not create the weilai user"
  [ "$(stat -c '%U:%G %a' /var/lib/weilai)" = "weilai:weilai 750" ] || fail "/var/lib/weilai: $(stat -c '%U:%G %a' /var/lib/weilai)"
  [ "$(stat -c '%U:%G %a' /etc/weilai/weilai.conf)" = "root:weilai 640" ] || fail "weilai.conf mode"
  [ -f /usr/share/weilai/data/osm/monaco.osm.pbf ] || fail "no /usr/share/weilai/data"
  # As the unit runs it: user weilai, WorkingDirectory=/var/lib/weilai, the unit's environment.
  # Only the port is moved (127.0.0.1:0: this machine may use 8080), as /etc/default/weilai would.
  # setpriv execs (no forking su-like parent).
  as_unit() {
    (cd /var/lib/weilai && exec setpriv --reuid=weilai --regid=weilai --init-groups \
      env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 WEILAI_LISTEN=127.0.0.1:0 "$@")
  }
  as_unit /usr/bin/weilai config check --config /etc/weilai/weilai.conf >"$work/check.log" 2>&1 \
    || { cat "$work/check.log"; fail "config check (ExecStartPre) as weilai"; }
  grep -q 'data directory /usr/share/weilai/data' "$work/check.log" || { cat "$work/check.log"; fail "config check: data directory"; }
  # Not through the function: `f &` would fork a subshell and $! would not be the server.
  (cd /var/lib/weilai && exec setpriv --reuid=weilai --regid=weilai --init-groups \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 WEILAI_LISTEN=127.0.0.1:0 \
    /usr/bin/weilai serve --config /etc/weilai/weilai.conf) >"$work/serve.log" 2>&1 &
  pid=$!
  port=$(wait_port "$work/serve.log" "$pid") || exit 1
  check_server "$port" /usr/share/weilai/data "$work/serve.log"
  [ "$(stat -c '%U' /var/lib/weilai/weilai.db)" = weilai ] || fail "the database is not owned by weilai"
  # A fresh production database gets its org units from the shipped default file.
  as_unit /usr/bin/weilai org import /usr/share/weilai/data/org/lishui-default.csv \
    --db sqlite:/var/lib/weilai/weilai.db >"$work/org.log" 2>&1 || { cat "$work/org.log"; fail "org import"; }
  grep -q '^11 org unit(s) created' "$work/org.log" || { cat "$work/org.log"; fail "org import created"; }
  units=$(as_unit /usr/bin/weilai org import /usr/share/weilai/data/org/lishui-default.csv \
    --db sqlite:/var/lib/weilai/weilai.db 2>&1) || fail "second org import: $units"
  grep -q '0 org unit(s) created, 11 already present' <<<"$units" || fail "org import is not idempotent: $units"
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
  uninstall
  dpkg-query -W -f='${Status}' weilai 2>/dev/null | grep -q 'install ok' && fail "still installed after purge"
  for gone in /usr/bin/weilai /usr/share/weilai /etc/weilai/weilai.conf /lib/systemd/system/weilai.service; do
    [ ! -e "$gone" ] || fail "$gone left after purge"
  done
  if [ "$made_user" = 1 ]; then ! getent passwd weilai >/dev/null || fail "the weilai user is left"; fi
  if [ "$made_data" = 1 ]; then [ ! -e /var/lib/weilai ] || fail "/var/lib/weilai is left"; fi
  echo "package_test: $(basename "$deb") installed with dpkg -i, served /readyz and the login page on port $port as user weilai, purged; machine clean"
  exit 0
fi

# ---- not root (or weilai already installed here, or WEILAI_PACKAGE_NO_INSTALL): dpkg -x ----
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
port=$(wait_port "$work/serve.log" "$pid") || exit 1
# The unpacked binary finds the data beside it (../share/weilai/data), not the source tree's.
check_server "$port" "$root/usr/share/weilai/data" "$work/serve.log"
[ -f "$root/var/lib/weilai/weilai.db" ] || fail "no database under the data directory"
echo "package_test: $(basename "$deb") unpacked (dpkg -x), its binary serves /readyz on port $port"
