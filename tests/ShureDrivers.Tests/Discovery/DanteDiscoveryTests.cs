using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery;
using ShureDrivers.PacketBridge;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Discovery;

/// <summary>
/// Devices found only through their Dante interface (<c>_netaudio-arc._udp</c>): listed as such, with the Dante
/// address kept apart, and turned into the control address through the packet bridge before anyone connects.
/// </summary>
[CancelAfter(30_000)]
public class DanteDiscoveryTests
{
    private static readonly IPAddress ControlVlan = IPAddress.Parse("10.40.0.5");
    private RecordedLink _link = null!;

    [SetUp]
    public void SetUp() => _link = new RecordedLink();

    [Test]
    public async Task DanteOnlyDevice_IsListedWithTheControlAddressItsPacketBridgeNames()
    {
        await using var device = await DanteOnlyDeviceAsync(ControlVlan);
        var found = (await ShureDeviceDiscovery.DiscoverAsync(Options())).Single();

        Assert.That(found.IsDanteOnly, Is.True);
        Assert.That(found.Services, Is.EqualTo(new[] { "_netaudio-arc._udp" }));
        Assert.That(found.HostName, Is.EqualTo(device.Simulator.HostName + "-d.local"));
        Assert.That(found.DanteAddresses, Is.EqualTo(new[] { _link.Devices.Address }));
        Assert.That(found.Addresses, Is.EqualTo(new[] { ControlVlan }), "the control address, never the Dante one");
        Assert.That(found.MacAddress, Is.EqualTo(device.Simulator.MacAddress));
        Assert.That(found.Model, Is.EqualTo("ANI4OUT-XLR"));
        Assert.That(device.Bridge.AnsweredCount, Is.EqualTo(1), "one packet-bridge query");
    }

    [Test]
    public async Task ALocatorByDanteName_ResolvesThroughMdnsAndThePacketBridge_AsRoomFilesAndHostingUseIt()
    {
        await using var device = await DanteOnlyDeviceAsync(ControlVlan);
        var room = ShureDrivers.Rooms.RoomConfiguration.Parse($$"""{ "devices": [ { "name": "Stage", "find": { "dante": "{{device.Simulator.HostName}}-d" } } ] }""");
        var locator = DeviceLocator.Create(DeviceLocatorKind.Dante, room.Devices.Single().Find.Dante!);

        var found = await locator.ResolveAsync(Options());

        Assert.That((found.Host, found.Port), Is.EqualTo((ControlVlan.ToString(), 2202)));
        Assert.That(locator.SessionHost, Is.EqualTo(device.Simulator.HostName + "-d"));
        Assert.That(device.Bridge.AnsweredCount, Is.EqualTo(1));
    }

    [Test]
    public async Task WithResolutionOff_TheEntryHasNoControlAddress_AndNothingIsAsked()
    {
        await using var device = await DanteOnlyDeviceAsync(ControlVlan);
        var options = Options();
        options.ResolveDanteAddresses = false;
        var found = (await ShureDeviceDiscovery.DiscoverAsync(options)).Single();

        Assert.That((found.IsDanteOnly, found.Addresses.Count, found.DanteAddresses.Single()), Is.EqualTo((true, 0, _link.Devices.Address)));
        Assert.That(device.Bridge.AnsweredCount, Is.Zero);

        var resolved = await ShureDeviceDiscovery.ResolveControlAddressAsync(found, Options());
        Assert.That(resolved.Addresses, Is.EqualTo(new[] { ControlVlan }));
    }

    [Test]
    public async Task SilentPacketBridge_LeavesTheEntryUnresolved_AndLogsIt()
    {
        await using var device = await DanteOnlyDeviceAsync(ControlVlan);
        _link.Network.Filter = d => d.Destination.Port != PacketBridgeReply.DefaultPort;
        using var logs = new TestLogs();
        var options = Options();
        options.LoggerFactory = logs.Factory;
        options.PacketBridge = new PacketBridgeOptions { Transport = _link.Controller, ResendInterval = TimeSpan.FromMilliseconds(50), Attempts = 1 };

        var found = (await ShureDeviceDiscovery.DiscoverAsync(options)).Single();
        Assert.That((found.IsDanteOnly, found.Addresses.Count), Is.EqualTo((true, 0)));
        Assert.That(logs.MessagesFor(ShureEventIds.DanteUnresolved).Single(), Does.Contain(found.HostName));
        Assert.ThrowsAsync<DeviceTimeoutException>(() => ShureDeviceDiscovery.ResolveControlAddressAsync(found, options));
    }

    [Test]
    public async Task DeviceSeenOnBothInterfaces_IsListedOnce_WithItsDanteAddressBesideTheControlOne()
    {
        await using var device = await DanteOnlyDeviceAsync(IPAddress.Loopback, http: true);
        var found = (await ShureDeviceDiscovery.DiscoverAsync(Options())).Single();

        Assert.That(found.IsDanteOnly, Is.False);
        Assert.That(found.HostName, Is.EqualTo(device.Simulator.HostName + ".local"));
        Assert.That(found.Addresses, Is.EqualTo(new[] { IPAddress.Loopback }));
        Assert.That(found.DanteAddresses, Is.EqualTo(new[] { _link.Devices.Address }));
        Assert.That(found.Services, Is.EquivalentTo(new[] { "_http._tcp", "_netaudio-arc._udp" }));
    }

    [Test]
    public void ResolveControlAddress_LeavesControlEntriesAlone()
    {
        var control = new DiscoveredDevice("A", "ANI4OUT", "ANI4OUT-010203.local", "010203", null, [IPAddress.Loopback], 2202, ["_http._tcp"], new System.Collections.Generic.Dictionary<string, string>(), "sim0");
        Assert.That(ShureDeviceDiscovery.ResolveControlAddressAsync(control).Result, Is.SameAs(control));
    }

    private DiscoveryOptions Options() => new() { Transport = _link.Controller, ScanTime = TimeSpan.FromSeconds(0.3), IPv6 = false };

    // A device whose Dante interface (the device host's link address) is all that mDNS shows, unless http is set.
    private async Task<DanteDevice> DanteOnlyDeviceAsync(IPAddress controlAddress, bool http = false)
    {
        var simulator = new Ani4OutSimulator(new SimulatorOptions { ControlMac = [0x00, 0x0E, 0xDD, 0x44, 0x55, 0x66], ControlAddress = controlAddress, DanteAddress = _link.Devices.Address });
        var bridge = PacketBridgeResponder.Start(simulator, new IPEndPoint(_link.Devices.Address, PacketBridgeReply.DefaultPort), _link.Devices);
        var device = new SimulatedDevice(simulator, new IPEndPoint(controlAddress, 2202), bridge.LocalEndPoint);
        var responder = MdnsResponder.Start([device], new MdnsResponderOptions
        {
            Transport = _link.Devices,
            InterfaceAddress = _link.Devices.Address,
            Probe = false,
            Announce = false,
            IPv6 = false,
            AdvertiseHttpService = http,
            AdvertiseDanteService = true,
        });
        await responder.WhenReady;
        return new DanteDevice(simulator, bridge, responder);
    }

    private sealed record DanteDevice(Ani4OutSimulator Simulator, PacketBridgeResponder Bridge, MdnsResponder Responder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Responder.DisposeAsync();
            await Bridge.DisposeAsync();
            Simulator.Dispose();
        }
    }
}
