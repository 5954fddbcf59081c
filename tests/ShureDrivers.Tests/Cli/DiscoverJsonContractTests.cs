using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;
using static ShureDrivers.Tests.Support.InProcessShure;

namespace ShureDrivers.Tests.Cli;

/// <summary><c>discover</c> and <c>discover --watch</c> against the contract: multicast on loopback, private namespace only.</summary>
[CancelAfter(60_000)]
public class DiscoverJsonContractTests : MulticastFixture
{
    [Test]
    public async Task Discover_AndWatch()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 2, ControlPort = 0, DantePort = 0, Mdns = new MdnsResponderOptions() });
        await fleet.Mdns!.WhenReady.WaitAsync(TestTimeouts.Signal);

        var (code, output, error) = await RunAsync("discover", "--loopback", "--json");
        Assert.That(code, Is.Zero, error);
        var fields = JsonContractTests.DiscoveredDevice("devices[].");
        fields["devices"] = [JsonValueKind.Array];
        JsonContractTests.Check(output, "discover", fields);

        (code, output, error) = await RunAsync("discover", "--loopback", "--watch", "--json", "--timeout", "1.5");
        Assert.That(code, Is.Zero, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.Not.Empty);
        foreach (var line in lines)
        {
            var watch = JsonContractTests.DiscoveredDevice("device.");
            watch["event"] = [JsonValueKind.String];
            JsonContractTests.Check(line, "discover", watch);
        }
    }
}
