#!/usr/bin/env bash
# Interop with a real, independent mDNS stack (Avahi), both ways, inside two private network namespaces joined by
# a veth pair, so nothing reaches a real network:
#   1. Avahi publishes a fake ANI4OUT in one namespace; `shure discover` finds it from the other.
#   2. Our simulator's mDNS responder advertises a device in one namespace; `avahi-browse -r` and
#      `avahi-resolve` find and resolve it from the other.
# Each direction is checked over IPv4 and over IPv6 link-local (ff02::fb).
# Prints one line per check ("interop PASS name" / "interop FAIL name") and exits non-zero if any failed.
# Needs root and `ip netns`; without them it says so and exits 0 with nothing counted.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHURE_DLL=${SHURE_DLL:-$ROOT/src/ShureDrivers.Cli/bin/Release/net10.0/shure.dll}
TAG=sd$$
DEV=$TAG-dev
CTL=$TAG-ctl
WORK=$(mktemp -d)
PIDS=()
failed=0

log() { printf 'interop: %s\n' "$*"; }
pass() { printf 'interop PASS %s\n' "$1"; }
fail() { printf 'interop FAIL %s: %s\n' "$1" "$2"; failed=1; }

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 0.3
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  ip netns del "$DEV" 2>/dev/null
  ip netns del "$CTL" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

if [ "$(id -u)" -ne 0 ] || ! ip netns list >/dev/null 2>&1; then
  echo "SKIPPED: the Avahi interop needs root and 'ip netns'; it did not run."
  exit 0
fi

if [ ! -f "$SHURE_DLL" ]; then
  echo "interop: $SHURE_DLL is missing; build the solution in Release first" >&2
  exit 1
fi

# Packages. Installing avahi-daemon tries to start it in the root namespace, on the real interfaces; a
# policy-rc.d that exits 101 stops that (the Debian image ships one; make a temporary one if not).
if ! command -v avahi-daemon >/dev/null || ! command -v avahi-browse >/dev/null || ! command -v dbus-daemon >/dev/null; then
  made_policy=0
  if [ ! -x /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  log "installing avahi-daemon avahi-utils dbus"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends avahi-daemon avahi-utils dbus >/dev/null
  status=$?
  [ "$made_policy" -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  if [ "$status" -ne 0 ]; then
    echo "interop: could not install Avahi" >&2
    exit 1
  fi
fi

# Two hosts joined by one link, created directly inside the namespaces so the host never sees it.
ip netns add "$DEV" && ip netns add "$CTL" || exit 1
# IPv6 link-local addresses usable at once (no duplicate address detection on this private link).
for ns in "$DEV" "$CTL"; do ip netns exec "$ns" sh -c 'echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad'; done
ip link add veth-dev netns "$DEV" type veth peer name veth-ctl netns "$CTL" || exit 1
ip -n "$DEV" addr add 198.18.0.1/24 dev veth-dev
ip -n "$CTL" addr add 198.18.0.2/24 dev veth-ctl
for ns in "$DEV" "$CTL"; do ip -n "$ns" link set lo up; done
ip -n "$DEV" link set veth-dev multicast on up
ip -n "$CTL" link set veth-ctl multicast on up

# wait_for and start_avahi (needs PIDS).
# shellcheck source=tests/interop/avahi-lib.sh
source "$ROOT/tests/interop/avahi-lib.sh"

# ---- 1. Avahi publishes, shure discover finds -------------------------------------------------------------
start_avahi "$DEV" veth-dev "$WORK/dev" || { fail avahi-start "$(tail -5 "$WORK/dev/avahi.log")"; exit 1; }
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$WORK/dev/bus
ip netns exec "$DEV" avahi-publish -a ANI4OUT-a1b2c3.local 198.18.0.1 >"$WORK/pub-a.log" 2>&1 &
PIDS+=($!)
ip netns exec "$DEV" avahi-publish -s -H ANI4OUT-a1b2c3.local ANI4OUT-a1b2c3 _http._tcp 80 model=ANI4OUT-XLR >"$WORK/pub-s.log" 2>&1 &
PIDS+=($!)
unset DBUS_SYSTEM_BUS_ADDRESS
if wait_for "$WORK/pub-a.log" "Established" 15 && wait_for "$WORK/pub-s.log" "Established" 15; then
  found=$(ip netns exec "$CTL" dotnet "$SHURE_DLL" discover --interface veth-ctl --timeout 2 --json 2>"$WORK/discover.err")
  if python3 - "$found" <<'PY'
import json, sys
devices = json.loads(sys.argv[1])["devices"]
d = [x for x in devices if x["hostName"].lower() == "ani4out-a1b2c3.local"]
assert d, devices
assert d[0]["model"] == "ANI4OUT-XLR", d[0]
assert d[0]["addresses"] == ["198.18.0.1"], d[0]
assert d[0]["macSuffix"] == "a1b2c3", d[0]
PY
  then pass "shure-discover-finds-avahi"
  else fail "shure-discover-finds-avahi" "got: $found $(cat "$WORK/discover.err")"
  fi
else
  fail "shure-discover-finds-avahi" "avahi-publish did not establish: $(cat "$WORK/pub-a.log" "$WORK/pub-s.log")"
fi

# The same over IPv6 alone: queries to ff02::fb from the controller's link-local address.
ctl_v6=$(ip -n "$CTL" -6 -o addr show dev veth-ctl scope link | awk '{print $4}' | cut -d/ -f1)
if [ -n "$ctl_v6" ]; then
  found6=$(ip netns exec "$CTL" dotnet "$SHURE_DLL" discover --interface "$ctl_v6" --timeout 2 --json 2>"$WORK/discover6.err")
  if python3 - "$found6" <<'PY'
import json, sys
devices = json.loads(sys.argv[1])["devices"]
d = [x for x in devices if x["hostName"].lower() == "ani4out-a1b2c3.local"]
assert d and d[0]["model"] == "ANI4OUT-XLR" and d[0]["addresses"] == ["198.18.0.1"], devices
PY
  then pass "shure-discover-finds-avahi-over-ipv6"
  else fail "shure-discover-finds-avahi-over-ipv6" "got: $found6 $(cat "$WORK/discover6.err")"
  fi
else
  fail "shure-discover-finds-avahi-over-ipv6" "veth-ctl has no IPv6 link-local address"
fi

# Direction 2 shares the device namespace with our responder only.
for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
PIDS=()
sleep 0.5

# ---- 2. our responder advertises, Avahi browses and resolves ---------------------------------------------
start_avahi "$CTL" veth-ctl "$WORK/ctl" || { fail avahi-start "$(tail -5 "$WORK/ctl/avahi.log")"; exit 1; }
mkfifo "$WORK/keep"
ip netns exec "$DEV" dotnet "$SHURE_DLL" simulate --devices 1 --ports --bind 198.18.0.1 --mdns --mdns-interface 198.18.0.1 --seed 7 --json <"$WORK/keep" >"$WORK/sim.json" 2>"$WORK/sim.err" &
PIDS+=($!)
exec 9>"$WORK/keep" # keep the simulator's stdin open
if wait_for "$WORK/sim.json" '^}' 30; then
  export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$WORK/ctl/bus
  browse=$(ip netns exec "$CTL" timeout 20 avahi-browse -r -t -p -k _http._tcp 2>&1)
  if printf '%s\n' "$browse" | grep -q '^=;veth-ctl;IPv4;ANI4OUT-070001;_http\._tcp;local;ANI4OUT-070001\.local;198\.18\.0\.1;80;"model=ANI4OUT-XLR"'; then
    pass "avahi-browse-resolves-simulator"
  else
    fail "avahi-browse-resolves-simulator" "got: $browse"
  fi

  # Our responder also answers over IPv6 link-local: Avahi sees the service on the IPv6 side of the link.
  if printf '%s\n' "$browse" | grep -q '^=;veth-ctl;IPv6;ANI4OUT-070001;_http\._tcp;local;ANI4OUT-070001\.local;198\.18\.0\.1;80;'; then
    pass "avahi-browse-resolves-simulator-over-ipv6"
  else
    fail "avahi-browse-resolves-simulator-over-ipv6" "got: $browse"
  fi

  resolved=$(ip netns exec "$CTL" timeout 10 avahi-resolve -4 -n ANI4OUT-070001.local 2>&1)
  if printf '%s\n' "$resolved" | grep -q '^ANI4OUT-070001\.local[[:space:]]198\.18\.0\.1$'; then
    pass "avahi-resolve-resolves-simulator"
  else
    fail "avahi-resolve-resolves-simulator" "got: $resolved"
  fi
  unset DBUS_SYSTEM_BUS_ADDRESS
else
  fail "avahi-browse-resolves-simulator" "the simulator did not start: $(cat "$WORK/sim.err")"
fi
exec 9>&-

exit $failed
