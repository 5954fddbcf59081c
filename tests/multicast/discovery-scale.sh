#!/usr/bin/env bash
# The 250-responder discovery figure (docs/performance.md), beside Avahi, in a private network namespace of its
# own so nothing reaches a real network:
#   1. the benchmark's `discovery N --hold` runs inside it under private-link.sh: in memory, then over the veth pair
#      shv0/shv1 (our one-shot scan and our browser), and keeps the N responders on shv1 up;
#   2. an avahi-daemon of its own on shv0, in the same namespace, times `avahi-browse -rtp _http._tcp` against them.
# Run by hand after a Release build: bash tests/multicast/discovery-scale.sh [N]   (root, ip netns, Avahi)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
N=${1:-250}
BENCH_DLL=$ROOT/tests/ShureDrivers.Benchmarks/bin/Release/net10.0/ShureDrivers.Benchmarks.dll
NS=sdscale$$
WORK=$(mktemp -d)
PIDS=()

cleanup() {
  exec 9>&- 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 0.3
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  ip netns del "$NS" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

if [ "$(id -u)" -ne 0 ] || ! ip netns list >/dev/null 2>&1; then
  echo "discovery-scale: needs root and 'ip netns'" >&2
  exit 2
fi
[ -f "$BENCH_DLL" ] || { echo "discovery-scale: build first: dotnet build -c Release tests/ShureDrivers.Benchmarks" >&2; exit 2; }
command -v avahi-daemon >/dev/null && command -v avahi-browse >/dev/null && command -v dbus-daemon >/dev/null \
  || { echo "discovery-scale: Avahi is missing (bash tests/interop/avahi.sh installs it)" >&2; exit 2; }
# shellcheck source=tests/interop/avahi-lib.sh
source "$ROOT/tests/interop/avahi-lib.sh"

ip netns add "$NS" || exit 1
mkfifo "$WORK/keep"
ip netns exec "$NS" bash "$ROOT/tests/multicast/private-link.sh" dotnet "$BENCH_DLL" discovery "$N" --hold <"$WORK/keep" >"$WORK/bench.out" 2>&1 &
PIDS+=($!)
exec 9>"$WORK/keep" # keeps the responders up until the end
if ! wait_for "$WORK/bench.out" "responders ready" 180; then
  cat "$WORK/bench.out" >&2
  exit 1
fi
grep '^|' "$WORK/bench.out"

start_avahi "$NS" shv0 "$WORK/avahi" || { echo "discovery-scale: avahi did not start: $(tail -5 "$WORK/avahi/avahi.log")" >&2; exit 1; }
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$WORK/avahi/bus
start=$(date +%s.%N)
ip netns exec "$NS" timeout 60 avahi-browse -rtp _http._tcp >"$WORK/browse.txt" 2>"$WORK/browse.err"
end=$(date +%s.%N)
resolved=$(grep -c '^=;shv0;IPv4;ANI4OUT-' "$WORK/browse.txt")
printf '| veth (private namespace) | avahi-browse -rt (baseline) | %s/%s | %.3f s (until it exits) | - | - |\n' "$resolved" "$N" "$(echo "$end - $start" | bc)"
