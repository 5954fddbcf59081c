using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Cli;
using ShureDrivers.Discovery;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;
using static ShureDrivers.Tests.Support.InProcessShure;

namespace ShureDrivers.Tests.Discovery;

/// <summary>Real multicast on loopback, port 5353, in a private network namespace: the check.</summary>
[CancelAfter(60_000)]
public class ShureDeviceDiscoveryMulticastTests : MulticastFixture
{
    [Test]
    public async Task Discover_OnLoopbackMulticast_FindsAProbingAnnouncingFleet()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 5, Mdns = new MdnsResponderOptions() });
        await fleet.Mdns!.WhenReady.WaitAsync(TestTimeouts.Signal);
        var devices = await ShureDeviceDiscovery.DiscoverAsync(new DiscoveryOptions { LoopbackOnly = true });
        // _http._tcp alone (as an ANI4OUT advertises) names the MAC's last three bytes in the host name.
        Assert.That(devices.Select(d => d.MacSuffix), Is.EquivalentTo(fleet.Devices.Select(d => d.HostName[^6..])));
        Assert.That(devices.Select(d => d.Services.Single()), Is.All.EqualTo("_http._tcp"));
    }

    [Test]
    public async Task ShureDiscover_FindsEveryDeviceOfShureSimulate_InOneScanOfAtMost1500ms()
    {
        await using var simulate = ShureProcess.Start("simulate", "--devices", "5", "--mdns", "--json");
        await simulate.ReadUntilLineAsync("}");
        var output = new StringWriter();
        var clock = Stopwatch.StartNew();
        var code = await ShureCli.RunAsync(["discover", "--loopback", "--json"], new CliConsole(output, TextWriter.Null, TextReader.Null));
        var elapsed = clock.Elapsed;
        Assert.That(code, Is.Zero);
        var found = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("devices").EnumerateArray().ToList();
        Assert.That(found, Has.Count.EqualTo(5));
        Assert.That(found.All(d => d.GetProperty("model").GetString() == "ANI4OUT-XLR"), Is.True);
        Assert.That(found.Select(d => d.GetProperty("macSuffix").GetString()), Is.EquivalentTo(Enumerable.Range(1, 5).Select(i => $"01000{i}")), "the host name's MAC suffix");
        Assert.That(found.Select(d => d.GetProperty("mac").ValueKind), Is.All.EqualTo(JsonValueKind.Null), "no _shure._tcp TXT by default: the full MAC is unknown");
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "one 1.5 s scan (plus start-up)");
        Assert.That(await simulate.CloseInputAndWaitAsync(), Is.Zero);
    }
}
