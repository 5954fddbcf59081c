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

/// <summary>Discovery against the simulator's responder by unicast on loopback: no multicast is sent.</summary>
[Category("Loopback")]
[CancelAfter(30_000)]
public class ShureDeviceDiscoveryTests
{
    [Test]
    public async Task Discover_FindsEveryDeviceWithModelMacHostAddressAndPort()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 5, UsePorts = true, Mdns = new MdnsResponderOptions { Port = 0, Probe = false, Announce = false } });
        var devices = await ShureDeviceDiscovery.DiscoverAsync(Unicast(fleet));
        Assert.That(devices, Has.Count.EqualTo(5));
        foreach (var expected in fleet.Devices)
        {
            var d = devices.Single(x => x.HostName == expected.HostName + ".local");
            Assert.That(d.Model, Is.EqualTo("ANI4OUT-XLR"));
            Assert.That(d.MacAddress, Is.EqualTo(expected.MacAddress));
            Assert.That(d.MacSuffix, Is.EqualTo(expected.HostName[^6..]));
            Assert.That(d.Addresses, Is.EqualTo(new[] { expected.ControlEndPoint.Address }));
            Assert.That(d.Port, Is.EqualTo(expected.ControlEndPoint.Port), "the _shure._tcp SRV gives the control port");
            Assert.That(d.Services, Is.EquivalentTo(new[] { "_http._tcp", "_shure._tcp" }));
            Assert.That(d.InterfaceName, Is.Not.Empty);
        }
    }

    [Test]
    public async Task Discover_WithoutTheShureService_StillFindsTheHostByName()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 1, UsePorts = true, Mdns = new MdnsResponderOptions { Port = 0, Probe = false, Announce = false, AdvertiseShureService = false } });
        var d = (await ShureDeviceDiscovery.DiscoverAsync(Unicast(fleet))).Single();
        Assert.That(d.Model, Is.EqualTo("ANI4OUT-XLR"), "from the _http._tcp TXT");
        Assert.That(d.Port, Is.EqualTo(2202), "no _shure._tcp SRV: the default port");
        Assert.That(d.MacAddress, Is.Null);
        Assert.That(d.MacSuffix, Is.EqualTo("010001"));
    }

    [Test]
    public async Task Resolve_GivesTheHostsAddress_OrNothing()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 3, UsePorts = true, Mdns = new MdnsResponderOptions { Port = 0, Probe = false, Announce = false } });
        var addresses = await ShureDeviceDiscovery.ResolveAsync("ANI4OUT-010003.local", Unicast(fleet));
        Assert.That(addresses, Is.EqualTo(new[] { IPAddress.Loopback }));
        Assert.That(await ShureDeviceDiscovery.ResolveAsync("nobody-here.local", Unicast(fleet, 0.2)), Is.Empty);
        Assert.ThrowsAsync<ArgumentException>(() => ShureDeviceDiscovery.ResolveAsync("example.com"));
    }

    [Test]
    public void Build_FiltersOutNonShureHosts_AndReadsAllSections()
    {
        DnsRecord Srv(string instance, string host, ushort port = 80) => new() { Name = instance, Type = DnsType.Srv, Ttl = 120, Port = port, Target = host };
        DnsRecord A(string host, string ip) => new() { Name = host, Type = DnsType.A, Ttl = 120, Address = IPAddress.Parse(ip) };
        DnsRecord Txt(string instance, params string[] text) => new() { Name = instance, Type = DnsType.Txt, Ttl = 4500, Text = text };
        var records = new List<DnsRecord>
        {
            Srv("printer._http._tcp.local", "printer.local"), A("printer.local", "10.0.0.9"),
            Srv("MXA910-abcdef._http._tcp.local", "MXA910-abcdef.local"), A("MXA910-abcdef.local", "10.0.0.10"),
            Srv("Amp._http._tcp.local", "amp.local"), Txt("Amp._http._tcp.local", "mac=00:0e:dd:01:02:03"), A("amp.local", "10.0.0.11"),
            Srv("gone._http._tcp.local", "ANI4OUT-000001.local"), A("ANI4OUT-000001.local", "10.0.0.12"),
        };
        records.Add(new DnsRecord { Name = "gone._http._tcp.local", Type = DnsType.Srv, Ttl = 0, Target = "ANI4OUT-000002.local" });
        var devices = ShureDeviceDiscovery.Build(records, "eth0");
        Assert.That(devices.Select(d => d.HostName), Is.EquivalentTo(new[] { "MXA910-abcdef.local", "amp.local", "ANI4OUT-000001.local" }));
        Assert.That(devices.Single(d => d.HostName == "amp.local").MacAddress, Is.EqualTo("00:0E:DD:01:02:03"));
        Assert.That(devices.Single(d => d.HostName == "amp.local").Model, Is.EqualTo("UNKNOWN"));
        Assert.That(devices.Single(d => d.HostName == "MXA910-abcdef.local").Model, Is.EqualTo("MXA910"));
    }

    [Test]
    public void Interfaces_UnknownName_IsRefused()
    {
        var options = new DiscoveryOptions();
        options.Interfaces.Add("no-such-interface-0");
        Assert.Throws<ArgumentException>(() => ShureDeviceDiscovery.GetInterfaces(options));
        Assert.That(ShureDeviceDiscovery.GetInterfaces(new DiscoveryOptions { LoopbackOnly = true }).Single().Address, Is.EqualTo(IPAddress.Loopback));
    }

    private static DiscoveryOptions Unicast(Ani4OutFleet fleet, double seconds = 0.4) => new()
    {
        QueryTarget = new IPEndPoint(IPAddress.Loopback, fleet.Mdns!.LocalEndPoint.Port),
        ScanTime = TimeSpan.FromSeconds(seconds),
    };
}

/// <summary>Real multicast on loopback, port 5353, in a private network namespace: the check.</summary>
[Category("Multicast")]
[NonParallelizable] // reason: shares 224.0.0.251:5353 on lo
[CancelAfter(60_000)]
public class ShureDeviceDiscoveryMulticastTests
{
    [SetUp]
    public void SetUp() => IsolatedNetwork.RequireIsolation();

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

/// <summary>A device reached by its .local name through the library's own resolver, in a private network namespace.</summary>
[Category("Multicast")]
[NonParallelizable] // reason: shares 224.0.0.251:5353 on lo
[CancelAfter(60_000)]
public class LocalNameConnectTests
{
    [SetUp]
    public void SetUp() => IsolatedNetwork.RequireIsolation();

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

/// <summary>Continuous browsing over loopback multicast in a private network namespace.</summary>
[Category("Multicast")]
[NonParallelizable] // reason: shares 224.0.0.251:5353 on lo
[CancelAfter(60_000)]
public class ShureDeviceBrowserTests
{
    [SetUp]
    public void SetUp() => IsolatedNetwork.RequireIsolation();

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

/// <summary>shure discover --confirm and --watch, in a private network namespace.</summary>
[Category("Multicast")]
[NonParallelizable] // reason: shares 224.0.0.251:5353 on lo
[CancelAfter(60_000)]
public class DiscoverCommandMulticastTests
{
    [SetUp]
    public void SetUp() => IsolatedNetwork.RequireIsolation();

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
