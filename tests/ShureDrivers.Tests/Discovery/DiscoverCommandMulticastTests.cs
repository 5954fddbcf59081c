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

/// <summary>shure discover --confirm and --watch, in a private network namespace.</summary>
[CancelAfter(60_000)]
public class DiscoverCommandMulticastTests : MulticastFixture
{
    [Test]
    public async Task Confirm_KeepsOnlyDevicesThatAnswerOnTcp()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 2, Mdns = new MdnsResponderOptions() });
        using var ghostSim = new Ani4OutSimulator(new SimulatorOptions { ControlMac = [0x00, 0x0E, 0xDD, 0x99, 0x99, 0x99] });
        // A port bound but never listening: connecting is refused, and no other process can take it meanwhile.
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var ghost = new SimulatedDevice(ghostSim, (IPEndPoint)closed.LocalEndPoint!, new IPEndPoint(IPAddress.Loopback, 2203));
        await using var ghostMdns = MdnsResponder.Start([ghost], new MdnsResponderOptions { Seed = 3 });
        await Task.WhenAll(fleet.Mdns!.WhenReady, ghostMdns.WhenReady).WaitAsync(TestTimeouts.Signal);

        var (all, allJson, _) = await RunAsync("discover", "--loopback", "--json");
        Assert.That(all, Is.Zero);
        Assert.That(JsonDocument.Parse(allJson).RootElement.GetProperty("devices").GetArrayLength(), Is.EqualTo(3));

        var (code, json, error) = await RunAsync("discover", "--loopback", "--json", "--confirm");
        Assert.That(code, Is.Zero);
        var confirmed = JsonDocument.Parse(json).RootElement.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("hostName").GetString()).ToList();
        Assert.That(confirmed, Is.EquivalentTo(new[] { "ANI4OUT-010001.local", "ANI4OUT-010002.local" }));
        Assert.That(error, Does.Contain("ANI4OUT-999999.local"));
    }

    [Test]
    public async Task Watch_PrintsAppearedDevicesUntilTheTimeout()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 2, Mdns = new MdnsResponderOptions() });
        await fleet.Mdns!.WhenReady.WaitAsync(TestTimeouts.Signal);
        var (code, output, _) = await RunAsync("discover", "--loopback", "--watch", "--json", "--timeout", "2");
        Assert.That(code, Is.Zero);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(lines.Where(l => l.GetProperty("event").GetString() == "appeared").Select(l => l.GetProperty("device").GetProperty("hostName").GetString()),
            Is.EquivalentTo(new[] { "ANI4OUT-010001.local", "ANI4OUT-010002.local" }));
    }
}
