# Helpers shared by tests/interop/avahi.sh and tests/multicast/discovery-scale.sh (sourced, not run).
# start_avahi appends the daemons it starts to the caller's PIDS array.

# wait_for FILE PATTERN SECONDS
wait_for() {
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# start_avahi NAMESPACE INTERFACE DIR: a dbus-daemon and an avahi-daemon of its own, with a private /run.
start_avahi() {
  local ns=$1 nic=$2 dir=$3
  mkdir -p "$dir/empty"
  cat > "$dir/dbus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$dir/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
CONF
  cat > "$dir/avahi.conf" <<CONF
[server]
use-ipv4=yes
use-ipv6=yes
allow-interfaces=$nic
enable-dbus=yes
ratelimit-interval-usec=1000000
ratelimit-burst=1000
[wide-area]
enable-wide-area=no
[publish]
publish-addresses=no
publish-hinfo=no
publish-workstation=no
publish-domain=no
[reflector]
enable-reflector=no
CONF
  ip netns exec "$ns" dbus-daemon --config-file="$dir/dbus.conf" --nofork --nopidfile >"$dir/dbus.log" 2>&1 &
  PIDS+=($!)
  wait_for "$dir/dbus.log" "" 1
  for _ in $(seq 1 25); do [ -S "$dir/bus" ] && break; sleep 0.2; done
  ip netns exec "$ns" sh -c "mount -t tmpfs tmpfs /run && mount --bind '$dir/empty' /etc/avahi/services && exec env DBUS_SYSTEM_BUS_ADDRESS=unix:path=$dir/bus avahi-daemon -f '$dir/avahi.conf' --no-chroot --no-drop-root --no-rlimits" >"$dir/avahi.log" 2>&1 &
  PIDS+=($!)
  wait_for "$dir/avahi.log" "Server startup complete" 15
}
