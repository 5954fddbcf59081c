using Microsoft.Extensions.Time.Testing;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Discovery;

/// <summary>
/// The querier against the simulator's responder over the in-memory network: a controller host and a device host
/// on one simulated link, multicast over IPv4 and IPv6 link-local. No socket is opened for UDP.
/// </summary>
[CancelAfter(30_000)]
public class InMemoryDiscoveryTests
{
    private static readonly IPAddress Group = IPAddress.Parse("224.0.0.251");
    private static readonly IPAddress GroupV6 = IPAddress.Parse("ff02::fb");

    private RecordedLink _link = null!;

    [SetUp]
    public void SetUp() => _link = new RecordedLink();

    [Test]
    public async Task Discover_FindsEveryDevice_OverIPv4AndIPv6LinkLocal()
    {
        await using var fleet = StartFleet(3);
        var devices = await ShureDeviceDiscovery.DiscoverAsync(Options());

        Assert.That(devices.Select(d => d.MacAddress), Is.EquivalentTo(fleet.Devices.Select(d => d.MacAddress)));
        Assert.That(devices.Select(d => d.InterfaceName).Distinct(), Is.EqualTo(new[] { SimulatedHost.LinkName }));
        foreach (var expected in fleet.Devices)
        {
            var found = devices.Single(d => d.MacAddress == expected.MacAddress);
            Assert.That((found.Model, found.Port, found.Addresses.Single()), Is.EqualTo(("ANI4OUT-XLR", expected.ControlEndPoint.Port, expected.ControlEndPoint.Address)));
        }

        var sent = _link.Traffic.Where(d => d.Source.Address.Equals(_link.Controller.Address) || d.Source.Address.Equals(_link.Controller.LinkLocalAddress)).ToList();
        Assert.That(sent.Select(d => d.Destination.Address), Is.SupersetOf(new[] { Group, GroupV6 }), "queried over both families");
        Assert.That(_link.Traffic.Any(d => d.Source.Address.Equals(_link.Devices.LinkLocalAddress) && d.Destination.Address.Equals(_link.Controller.LinkLocalAddress)), "answered over IPv6 by unicast");
    }

    [Test]
    public async Task Discover_AMixedFleet_ReportsEachModel_AndItsHostName()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions
        {
            DeviceCount = 2,
            UsePorts = true,
            PacketBridge = false,
            Mdns = ResponderOptions(),
            Families = [SimulatedFamily.Ani4Out, SimulatedFamily.Ani4In],
        });
        var devices = await ShureDeviceDiscovery.DiscoverAsync(Options());

        var input = devices.Single(d => d.MacAddress == fleet.Devices[1].MacAddress);
        Assert.That(input.Model, Is.EqualTo("ANI4IN-XLR"));
        Assert.That(input.HostName, Does.StartWith("ANI4IN-"));
        Assert.That(devices.Single(d => d.MacAddress == fleet.Devices[0].MacAddress).Model, Is.EqualTo("ANI4OUT-XLR"));

        // What discovery found opens as the right object, by its address.
        await using var device = await ShureDevices.ConnectAsync(new IPEndPoint(input.Addresses[0], input.Port).ToString());
        Assert.That(device, Is.InstanceOf<Ani4InDevice>());
    }

    [Test]
    public async Task Discover_OnTheIPv6AddressAlone_FindsTheDevices()
    {
        await using var fleet = StartFleet(2);
        var options = Options();
        options.Interfaces.Add(_link.Controller.LinkLocalAddress.ToString());
        Assert.That(ShureDeviceDiscovery.GetInterfaces(options).Single().Address, Is.EqualTo(_link.Controller.LinkLocalAddress));

        var devices = await ShureDeviceDiscovery.DiscoverAsync(options);
        Assert.That(devices, Has.Count.EqualTo(2));
        Assert.That(_link.Traffic.Any(d => d.Destination.Address.Equals(Group)), Is.False, "nothing sent over IPv4");
    }

    [Test]
    public async Task Discover_WithIPv6Off_SendsOnlyOverIPv4()
    {
        await using var fleet = StartFleet(1);
        var options = Options();
        options.IPv6 = false;
        Assert.That(await ShureDeviceDiscovery.DiscoverAsync(options), Has.Count.EqualTo(1));
        Assert.That(_link.Traffic.Any(d => d.Destination.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6), Is.False);
    }

    [Test]
    public async Task Discover_TakesOnlyOnLinkAnswers_AndSurvivesGarbageAndStrangers()
    {
        // Every query is answered by three strangers: an off-link host, garbage, and a non-Shure printer; one on-link
        // Shure host answers without the AA bit.
        var offLink = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 5353);
        var onLink = new IPEndPoint(IPAddress.Parse("192.168.77.99"), 5353);
        _link.Network.Filter = d =>
        {
            if (d.Destination.Address.Equals(Group) && d.Source.Address.Equals(_link.Controller.Address))
            {
                _link.Network.Inject(offLink, d.Source, Response("ANI4OUT-0a0b0c", "192.168.77.98", authoritative: true));
                _link.Network.Inject(onLink, d.Source, [0x00, 0x01, 0xFF, 0xFF, 0x12]);
                _link.Network.Inject(onLink, d.Source, Response("printer", "192.168.77.97", authoritative: true));
                _link.Network.Inject(onLink, d.Source, Response("ANI4OUT-0d0e0f", "192.168.77.99", authoritative: false));
            }

            return true;
        };
        using var logs = new TestLogs();
        var options = IPv4Options(logs);

        var devices = await ShureDeviceDiscovery.DiscoverAsync(options);
        Assert.That(devices.Select(d => d.HostName), Is.EqualTo(new[] { "ANI4OUT-0d0e0f.local" }));
        Assert.That(devices[0].Addresses, Is.EqualTo(new[] { IPAddress.Parse("192.168.77.99") }));
        Assert.That(logs.MessagesFor(ShureEventIds.DiscoveryMalformedPacket).Count(), Is.EqualTo(options.Queries), "each garbage packet logged, none thrown");
    }

    [Test]
    public async Task Discover_WhenTheInterfaceStopsReceiving_KeepsWhatItHad_LogsAndDoesNotThrow()
    {
        await using var fleet = StartFleet(3);
        var queries = 0;
        _link.Network.Filter = d =>
        {
            // The second query finds the network gone: the answers to the first are already in.
            if (d.Source.Address.Equals(_link.Controller.Address) && Interlocked.Increment(ref queries) == 2)
            {
                _link.Controller.FailReceives(System.Net.Sockets.SocketError.NetworkDown);
            }

            return true;
        };
        using var logs = new TestLogs();
        var options = IPv4Options(logs);

        var devices = await ShureDeviceDiscovery.DiscoverAsync(options);
        Assert.That(devices, Has.Count.EqualTo(3));
        Assert.That(logs.MessagesFor(ShureEventIds.DiscoveryReceiveFailed).Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Resolve_FindsTheHost_OrNothing()
    {
        await using var fleet = StartFleet(2);
        var addresses = await ShureDeviceDiscovery.ResolveAsync(fleet.Devices[1].HostName + ".local", Options());
        Assert.That(addresses, Is.EqualTo(new[] { fleet.Devices[1].ControlEndPoint.Address }));
        Assert.That(await ShureDeviceDiscovery.ResolveAsync("ANI4OUT-ffffff.local", Options(0.2)), Is.Empty);
    }

    [Test]
    public async Task Resolve_AnIPv6Device_GivesItsAddressScopedToTheInterface()
    {
        var device = new Ani4OutSimulator(new SimulatorOptions { ControlMac = [0x00, 0x0E, 0xDD, 0x61, 0x62, 0x63] });
        var v6 = IPAddress.Parse("fe80::1234");
        await using var responder = MdnsResponder.Start([new SimulatedDevice(device, new IPEndPoint(v6, 2202), new IPEndPoint(v6, 2203))], ResponderOptions());
        var addresses = await ShureDeviceDiscovery.ResolveAsync(device.HostName + ".local", Options());
        Assert.That(addresses, Is.EqualTo(new[] { new IPAddress(v6.GetAddressBytes(), _link.Controller.LinkV6.Index) }));
        Assert.That(addresses[0].ScopeId, Is.EqualTo(_link.Controller.LinkV6.Index));
    }

    [Test]
    public async Task Browse_SeesDevicesAppear_SuppressesKnownAnswers_AndSeesThemGoAfterGoodbyes()
    {
        var time = new TestClock();
        var fleet = StartFleet(2, announce: true);
        await fleet.Mdns!.WhenReady.WaitAsync(TestTimeouts.Signal);
        var options = Options();
        options.TimeProvider = time;
        await using var browsing = Browsing.Start(options);
        var events = browsing.Events;

        await Wait.UntilAsync(() => events.Count(e => e.Kind == DeviceEventKind.Appeared) == 2, "two devices to appear");
        var firstQueries = ControllerQueries().Count;

        // The next query (one second later) lists the PTRs it already holds. Only the browser runs on this clock.
        await time.RunUntilAsync(() => ControllerQueries().Count > firstQueries, TimeSpan.FromSeconds(30), what: "the next query");
        var repeated = ControllerQueries().Last();
        Assert.That(repeated.Answers.Where(a => a.Type == DnsType.Ptr).Select(a => a.Target), Has.Some.Contains(fleet.Devices[0].HostName));

        await fleet.DisposeAsync(); // goodbyes: the records expire one second later
        await Wait.UntilAsync(() => _link.Traffic.Any(d => d.Source.Address.Equals(_link.Devices.Address) && IsGoodbye(d)), "goodbyes");
        // Each goodbye must be handled before the clock moves past the second it is given.
        await time.RunUntilAsync(() => events.Count(e => e.Kind == DeviceEventKind.Gone) == 2, TimeSpan.FromSeconds(30), _ => _link.Network.IsQuiet, "both devices gone");
    }

    [Test]
    public async Task Browse_StartedBeforeTheLinkHasAnAddress_FindsTheDevicesWhenItComes_AndLosesThemWhenItGoes()
    {
        _link.Controller.LinkUp = false;
        await using var fleet = StartFleet(2);
        var time = new TestClock();
        var options = Options();
        options.TimeProvider = time;
        options.InterfaceRescanInterval = TimeSpan.FromHours(1); // the change notification alone must do it
        using var logs = new TestLogs();
        options.LoggerFactory = logs.Factory;
        await using var browsing = Browsing.Start(options);
        var events = browsing.Events;

        await Wait.UntilAsync(() => logs.MessagesFor(ShureEventIds.DiscoveryInterfacesChanged).Any(), "the browser to start");
        Assert.That(logs.MessagesFor(ShureEventIds.DiscoveryInterfacesChanged).Single(), Does.Contain("no interface"));
        Assert.That(_link.Traffic, Is.Empty, "nothing can be sent without an address");

        _link.Controller.LinkUp = true;
        await Wait.UntilAsync(() => events.Count(e => e.Kind == DeviceEventKind.Appeared) == 2, "both devices, found on the new address");
        Assert.That(logs.MessagesFor(ShureEventIds.DiscoveryInterfacesChanged).Last(), Does.Contain(SimulatedHost.LinkName));

        _link.Controller.LinkUp = false;
        await Wait.UntilAsync(() => events.Count(e => e.Kind == DeviceEventKind.Gone) == 2, "both devices gone with the address");
        Assert.That(logs.MessagesFor(ShureEventIds.DiscoveryInterfacesChanged).Last(), Does.Contain("no interface"));
    }

    [Test]
    public async Task Browse_OnATransportWithoutNotifications_FindsANewAddressAtTheNextRescan()
    {
        _link.Controller.LinkUp = false;
        await using var fleet = StartFleet(1);
        var time = new TestClock();
        var options = Options();
        options.Transport = new UnannouncedTransport(_link.Controller);
        options.TimeProvider = time;
        options.InterfaceRescanInterval = TimeSpan.FromSeconds(5);
        using var logs = new TestLogs();
        options.LoggerFactory = logs.Factory;
        var start = time.GetTimestamp();
        await using var browsing = Browsing.Start(options);
        var events = browsing.Events;
        await Wait.UntilAsync(() => logs.MessagesFor(ShureEventIds.DiscoveryInterfacesChanged).Any(), "the browser to start");

        _link.Controller.LinkUp = true;
        // The browser's clock moves until a rescan finds the address; the devices answer in real time after that.
        await time.RunUntilAsync(() => logs.MessagesFor(ShureEventIds.DiscoveryInterfacesChanged).Any(m => m.Contains(SimulatedHost.LinkName, StringComparison.Ordinal)), TimeSpan.FromSeconds(30), what: "a rescan that finds the address");
        await Wait.UntilAsync(() => events.Any(e => e.Kind == DeviceEventKind.Appeared), "the device on the new address");
        Assert.That(time.GetElapsedTime(start), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5)), "not before the first rescan (found at all: the rescan works)");
    }

    [Test]
    public async Task Browse_WithMoreKnownAnswersThanOnePacketHolds_SplitsThemWithTc_AndKeepsBrowsing()
    {
        await using var fleet = StartFleet(60);
        var time = new TestClock();
        var options = Options();
        options.TimeProvider = time;
        options.IPv6 = false;
        await using var browsing = Browsing.Start(options);
        var events = browsing.Events;
        await Wait.UntilAsync(() => events.Count(e => e.Kind == DeviceEventKind.Appeared) == 60, "sixty devices");
        var before = ControllerQueries().Count;

        // The next query lists all sixty PTRs: about 2 700 bytes, more than one packet may carry.
        await time.RunUntilAsync(() => ControllerQueries().Count > before + 1, TimeSpan.FromSeconds(30), what: "the next query");
        var repeated = ControllerQueries().Skip(before).ToList();
        var sizes = _link.Traffic.Where(d => d.Source.Address.Equals(_link.Controller.Address) && d.Destination.Address.Equals(Group)).Select(d => d.Data.Length);
        Assert.That(sizes, Is.All.LessThanOrEqualTo(1400));
        Assert.That(repeated.SelectMany(m => m.Answers).Select(a => a.Target).Distinct().Count(), Is.EqualTo(120), "every known answer sent: _http._tcp and _shure._tcp of each");
        Assert.That(repeated[0].Truncated, Is.True);
        Assert.That(browsing.IsCompleted, Is.False, "still browsing");
    }

    [Test]
    public async Task SecondResponder_ForTheSameName_IsDefendedAgainst_AndRenames()
    {
        await using var first = StartFleet(1, announce: true, probe: true);
        await first.Mdns!.WhenReady.WaitAsync(TestTimeouts.Signal);
        var other = _link.Network.AddHost(IPAddress.Parse("192.168.77.11"));
        await using var second = Ani4OutFleet.Start(new FleetOptions
        {
            DeviceCount = 1,
            UsePorts = true,
            PacketBridge = false,
            Mdns = new MdnsResponderOptions { Transport = other, InterfaceAddress = other.Address, Seed = 2 },
        });
        await second.Mdns!.WhenReady.WaitAsync(TestTimeouts.Signal);
        Assert.That(second.Mdns.HostNames, Is.EqualTo(new[] { first.Devices[0].HostName + "-2" }));
        Assert.That(first.Mdns.HostNames, Is.EqualTo(new[] { first.Devices[0].HostName }));
    }

    [Test]
    public async Task ReadmeExample_RunsAsWritten()
    {
        var link = new SimulatedNetwork();                                  // 192.168.77.0/24, IPv6 link-local too
        var controller = link.AddHost(IPAddress.Parse("192.168.77.2"));
        var devices = link.AddHost(IPAddress.Parse("192.168.77.10"));
        await using var fleet = Ani4OutFleet.Start(new FleetOptions
        {
            DeviceCount = 3,
            Mdns = new MdnsResponderOptions { Transport = devices, InterfaceAddress = devices.Address, Probe = false },
        });
        var found = await ShureDeviceDiscovery.DiscoverAsync(new DiscoveryOptions { Transport = controller });

        Assert.That(found.Select(d => d.HostName), Is.EquivalentTo(fleet.Devices.Select(d => d.HostName + ".local")));
    }

    private List<DnsMessage> ControllerQueries() =>
        _link.Traffic.Where(d => d.Source.Address.Equals(_link.Controller.Address) && d.Destination.Address.Equals(Group))
            .Select(d => DnsMessageReader.TryRead(d.Data.Span, out var m, out _) ? m : null)
            .Where(m => m is { IsResponse: false })
            .Select(m => m!)
            .ToList();

    private static bool IsGoodbye(SimulatedDatagram d) =>
        DnsMessageReader.TryRead(d.Data.Span, out var m, out _) && m.IsResponse && m.Answers.Count > 0 && m.Answers.All(a => a.Ttl == 0);

    private Ani4OutFleet StartFleet(int count, bool announce = false, bool probe = false) => Ani4OutFleet.Start(new FleetOptions
    {
        DeviceCount = count,
        UsePorts = true,
        PacketBridge = false,
        Mdns = ResponderOptions(announce, probe),
    });

    private MdnsResponderOptions ResponderOptions(bool announce = false, bool probe = false) =>
        new() { Transport = _link.Devices, InterfaceAddress = _link.Devices.Address, Probe = probe, Announce = announce };

    private DiscoveryOptions IPv4Options(TestLogs logs)
    {
        var options = Options();
        options.IPv6 = false;
        options.LoggerFactory = logs.Factory;
        return options;
    }

    private DiscoveryOptions Options(double seconds = 0.3) =>
        new() { Transport = _link.Controller, ScanTime = TimeSpan.FromSeconds(seconds) };

    private static byte[] Response(string host, string address, bool authoritative)
    {
        var instance = host + "._http._tcp.local";
        var message = new DnsMessage { IsResponse = true, Authoritative = authoritative };
        message.Answers.Add(new DnsRecord { Name = "_http._tcp.local", Type = DnsType.Ptr, Ttl = 4500, Target = instance });
        message.Additionals.Add(new DnsRecord { Name = instance, Type = DnsType.Srv, Ttl = 120, Port = 80, Target = host + ".local" });
        message.Additionals.Add(new DnsRecord { Name = host + ".local", Type = DnsType.A, Ttl = 120, Address = IPAddress.Parse(address) });
        return DnsMessageWriter.Write(message);
    }
}
