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

/// <summary>Continuous browsing over loopback multicast in a private network namespace.</summary>
[CancelAfter(60_000)]
public class ShureDeviceBrowserTests : MulticastFixture
{
    [Test]
    public async Task Browse_ReportsDevicesAppearing_ThenGoneWhenTheySayGoodbye()
    {
        using var cts = new System.Threading.CancellationTokenSource(TestTimeouts.Signal * 3);
        var events = new System.Collections.Concurrent.ConcurrentQueue<DeviceEvent>();
        var browsing = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in ShureDeviceBrowser.BrowseAsync(new DiscoveryOptions { LoopbackOnly = true }, cts.Token))
                {
                    events.Enqueue(e);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 3, Mdns = new MdnsResponderOptions() });
        await fleet.Mdns!.WhenReady.WaitAsync(TestTimeouts.Signal);
        await Wait.UntilAsync(() => events.Count(e => e.Kind == DeviceEventKind.Appeared) == 3, "three devices to appear");
        Assert.That(events.Where(e => e.Kind == DeviceEventKind.Appeared).Select(e => e.Device.MacSuffix), Is.EquivalentTo(fleet.Devices.Select(d => d.HostName[^6..])));

        await fleet.DisposeAsync(); // goodbyes (TTL 0)
        await Wait.UntilAsync(() => events.Count(e => e.Kind == DeviceEventKind.Gone) == 3, "three goodbyes");
        cts.Cancel();
        await browsing;
    }
}
