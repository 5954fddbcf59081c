#!/usr/bin/env bash
# Installs the packages as a user would, from a local folder only, and uses them:
#   1. a throw-away project references ShureDrivers and ShureDrivers.Simulator and drives a simulated device;
#   2. ShureDrivers.Hosting in a generic host; 3. the simulator panel serves its embedded page;
#   4. the shure tool is installed with `dotnet tool install --tool-path`, and `shure --version` and
#      `shure status` run against `shure simulate --panel`, whose panel serves its script.
# Prints "packaging PASS name" / "packaging FAIL name" per check and exits non-zero if any failed.
# Usage: tests/packaging/consumer.sh PACKAGE_FOLDER
set -uo pipefail
PKGS=$(cd "${1:?usage: consumer.sh PACKAGE_FOLDER}" && pwd)
VERSION=$(ls "$PKGS"/ShureDrivers.[0-9]*.nupkg | head -1 | sed -E 's/.*ShureDrivers\.([0-9][^/]*)\.nupkg$/\1/')
WORK=$(mktemp -d)
SIM_PID=
failed=0
cleanup() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM
pass() { printf 'packaging PASS %s\n' "$1"; }
fail() { printf 'packaging FAIL %s: %s\n' "$1" "$2"; failed=1; }

# A cache of its own: the packages under test can never come from an older cache entry of the same version.
export NUGET_PACKAGES=$WORK/nuget-cache DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cat > "$WORK/nuget.config" <<CONF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$PKGS" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="ShureDrivers*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
CONF

# new_project NAME "Package Version" ...: a net10.0 console project that takes its packages as a user would.
new_project() {
  local dir="$WORK/$1" refs=""
  shift
  for package in "$@"; do refs="$refs    <PackageReference Include=\"${package% *}\" Version=\"${package#* }\" />
"; done
  mkdir -p "$dir"
  cp "$WORK/nuget.config" "$dir/"
  cat > "$dir/$(basename "$dir").csproj" <<CONF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
$refs  </ItemGroup>
</Project>
CONF
}

# 1. The libraries.
new_project app "ShureDrivers $VERSION" "ShureDrivers.Simulator $VERSION"
cat > "$WORK/app/Program.cs" <<'CS'
using ShureDrivers;
using ShureDrivers.Simulator;

using var sim = new Ani4OutSimulator();
await using var device = await Ani4OutDevice.ConnectAsync("simulated", new DeviceSessionOptions { Connector = sim.CreateConnector() });
await device.Output(2).SetGainAsync(Gain.FromDb(-6.5));
Console.WriteLine($"{device.Model} output 2 {device.Output(2).Gain}");
CS
if output=$(cd "$WORK/app" && dotnet run 2>&1) && printf '%s\n' "$output" | grep -q '^ANI4OUT-XLR output 2 -6.5 dB$'; then
  pass "consumer-project-uses-the-packages"
else
  fail "consumer-project-uses-the-packages" "$output"
fi

# 2. ShureDrivers.Hosting in a generic host, with a simulated device.
new_project service "ShureDrivers.Hosting $VERSION" "ShureDrivers.Simulator $VERSION" "Microsoft.Extensions.Hosting 10.0.14"
cat > "$WORK/service/Program.cs" <<'CS'
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ShureDrivers;
using ShureDrivers.Hosting;
using ShureDrivers.Simulator;

using var sim = new Ani4OutSimulator();
var builder = Host.CreateApplicationBuilder();
builder.Services.AddShureDrivers(o => { o.Devices["rack"] = new ShureDeviceOptions { Host = "rack-1" }; o.ConnectorFor = _ => sim.CreateConnector(); }, "rack");
builder.Services.AddHealthChecks().AddShureDrivers();
using var host = builder.Build();
await host.StartAsync();
var device = host.Services.GetRequiredKeyedService<Ani4OutDevice>("rack");
for (var i = 0; i < 100 && device.Session.State != ConnectionState.Connected; i++) await Task.Delay(50);
var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
Console.WriteLine($"hosted {device.Model} {health.Status}");
await host.StopAsync();
CS
if output=$(cd "$WORK/service" && dotnet run 2>&1) && printf '%s\n' "$output" | grep -q '^hosted ANI4OUT-XLR Healthy$'; then
  pass "hosting-package-in-a-generic-host"
else
  fail "hosting-package-in-a-generic-host" "$output"
fi

# 3. The simulator panel, as a harness opens it: its page is embedded in the package.
new_project panel "ShureDrivers.Simulator.Panel $VERSION" "ShureDrivers.Simulator $VERSION"
cat > "$WORK/panel/Program.cs" <<'CS'
using System.Net;
using ShureDrivers.Simulator;
using ShureDrivers.Simulator.Panel;

await using var fleet = Ani4OutFleet.Start(new FleetOptions { UsePorts = true, BindAddress = IPAddress.Loopback });
await using var panel = await fleet.StartPanelAsync();
using var http = new HttpClient { BaseAddress = panel.Url };
var script = await http.GetStringAsync("/panel.js");
var devices = await http.GetStringAsync("/api/devices");
Console.WriteLine($"panel {script.Contains("EventSource")} {devices.Contains(fleet.Devices[0].HostName)}");
CS
if output=$(cd "$WORK/panel" && dotnet run 2>&1) && printf '%s\n' "$output" | grep -q '^panel True True$'; then
  pass "panel-package-serves-its-page"
else
  fail "panel-package-serves-its-page" "$output"
fi

# 4. The tool.
if dotnet tool install ShureDrivers.Cli --version "$VERSION" --tool-path "$WORK/tools" --configfile "$WORK/nuget.config" >"$WORK/tool.log" 2>&1; then
  version=$("$WORK/tools/shure" --version 2>&1)
  case "$version" in
    "$VERSION"*) pass "tool-version" ;;
    *) fail "tool-version" "$version" ;;
  esac

  mkfifo "$WORK/keep"
  "$WORK/tools/shure" simulate --ports --json --panel <"$WORK/keep" >"$WORK/sim.json" 2>"$WORK/sim.err" &
  SIM_PID=$!
  exec 9>"$WORK/keep"
  for _ in $(seq 1 100); do grep -q '^}' "$WORK/sim.json" 2>/dev/null && break; sleep 0.1; done
  control=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["devices"][0]; print(d["address"]+":"+str(d["port"]))' "$WORK/sim.json")
  status=$("$WORK/tools/shure" status "$control" --json 2>&1)
  if printf '%s' "$status" | grep -q '"model": "ANI4OUT-XLR"'; then
    pass "tool-status-against-simulate"
  else
    fail "tool-status-against-simulate" "control=$control: $status $(cat "$WORK/sim.err")"
  fi
  panel_url=$(sed -n 's/^Panel: //p' "$WORK/sim.err")
  if [ -n "$panel_url" ] && python3 -c 'import sys,urllib.request; sys.exit(0 if b"EventSource" in urllib.request.urlopen(sys.argv[1] + "panel.js", timeout=10).read() else 1)' "$panel_url"; then
    pass "tool-simulate-panel"
  else
    fail "tool-simulate-panel" "url=$panel_url $(cat "$WORK/sim.err")"
  fi
  exec 9>&-
else
  fail "tool-install" "$(cat "$WORK/tool.log")"
fi

exit $failed
