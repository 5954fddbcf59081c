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

/// <summary>A device reached by its .local name through the library's own resolver, in a private network namespace.</summary>
[CancelAfter(60_000)]
public class LocalNameConnectTests : MulticastFixture
{
    [Test]
    public async Task ConnectAsync_ByLocalName_ResolvesWithMdns()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 2, UsePorts = false, Mdns = new MdnsResponderOptions() });
        await fleet.Mdns!.WhenReady.WaitAsync(TestTimeouts.Signal);
        var connector = new TcpDeviceConnector(new DiscoveryOptions { LoopbackOnly = true });
        await using var device = await Ani4OutDevice.ConnectAsync("ANI4OUT-010002.local", new DeviceSessionOptions { Connector = connector });
        Assert.That(device.ControlMacAddress, Is.EqualTo("00:0E:DD:01:00:02"));
    }
}
