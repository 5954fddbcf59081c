#!/usr/bin/env bash
# Runs a command inside the private network namespace it is started in (`unshare --net`), after giving that
# namespace loopback and one closed veth pair, shv0 (192.168.99.1/24) <-> shv1 (192.168.99.2/24), with IPv6
# link-local addresses usable at once (no duplicate address detection). Both ends stay in this namespace, so
# multicast over them, IPv4 or IPv6, cannot reach a real network. Used by .ci/run:
#   unshare --net bash tests/multicast/private-link.sh dotnet test ... --filter TestCategory=Multicast
set -euo pipefail
if ip -o link show | grep -qvE ': (lo|shv0@shv1|shv1@shv0):'; then
  echo "private-link: refusing to run: this namespace has other interfaces (start it with unshare --net)" >&2
  exit 2
fi

ip link set lo up
echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad
echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad
ip link add shv0 type veth peer name shv1
ip addr add 192.168.99.1/24 dev shv0
ip addr add 192.168.99.2/24 dev shv1
ip link set shv0 up
ip link set shv1 up

# Both ends are this host's addresses: without accept_local the kernel drops an IPv4 packet that arrives on one end
# with the other end's address as its source (a "martian"), so the pair would carry only looped-back copies.
for conf in all default shv0 shv1; do
  echo 1 > /proc/sys/net/ipv4/conf/$conf/accept_local
  echo 0 > /proc/sys/net/ipv4/conf/$conf/rp_filter
done

# Link-local addresses appear when the links come up; wait (bounded) until both exist.
for _ in $(seq 1 50); do
  [ "$(ip -6 -o addr show scope link | grep -cE 'shv[01]')" -ge 2 ] && break
  sleep 0.1
done
ip -br addr
exec "$@"
