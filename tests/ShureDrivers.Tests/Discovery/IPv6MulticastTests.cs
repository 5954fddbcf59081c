using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Discovery;

/// <summary>
/// Discovery over real IPv6 link-local multicast (ff02::fb) across a veth pair inside a private network namespace:
/// the querier on one end, the simulator's responder on the other.
/// </summary>
[CancelAfter(30_000)]
public class IPv6MulticastTests : MulticastFixture
{
    [Test]
    public async Task Discover_OverIPv6LinkLocalAlone_FindsTheDevicesOnTheOtherEnd()
    {
        var (_, querierV6) = IsolatedNetwork.RequireVeth(IsolatedNetwork.VethA);
        await using var fleet = StartFleetOn(IsolatedNetwork.VethB);
        Assert.That(fleet.Mdns!.Interfaces.Any(i => i.IsIPv6LinkLocal), "the responder answers over IPv6 too");

        var options = new DiscoveryOptions { ScanTime = TimeSpan.FromSeconds(1) };
        options.Interfaces.Add(querierV6.Address.ToString());
        Assert.That(ShureDeviceDiscovery.GetInterfaces(options).Single().Address, Is.EqualTo(querierV6.Address));
        var devices = await ShureDeviceDiscovery.DiscoverAsync(options);
        Assert.That(devices.Select(d => d.MacAddress), Is.EquivalentTo(fleet.Devices.Select(d => d.MacAddress)));

        var addresses = await ShureDeviceDiscovery.ResolveAsync(fleet.Devices[0].HostName + ".local", options);
        Assert.That(addresses, Is.EqualTo(new[] { fleet.Devices[0].ControlEndPoint.Address }));
    }

    [Test]
    public async Task Discover_ByInterfaceName_SearchesIPv4AndIPv6_AndListsEachDeviceOnce()
    {
        var (querierV4, querierV6) = IsolatedNetwork.RequireVeth(IsolatedNetwork.VethA);
        await using var fleet = StartFleetOn(IsolatedNetwork.VethB);
        var options = new DiscoveryOptions { ScanTime = TimeSpan.FromSeconds(1) };
        options.Interfaces.Add(IsolatedNetwork.VethA);
        Assert.That(ShureDeviceDiscovery.GetInterfaces(options).Select(i => i.Address), Is.EquivalentTo(new[] { querierV4.Address, querierV6.Address }));

        var devices = await ShureDeviceDiscovery.DiscoverAsync(options);
        Assert.That(devices.Select(d => d.MacAddress), Is.EquivalentTo(fleet.Devices.Select(d => d.MacAddress)));
        Assert.That(devices.All(d => d.InterfaceName == IsolatedNetwork.VethA));
    }

    [Test]
    public void Responder_OnARealLink_RefusesToAdvertiseLoopbackAddresses()
    {
        var (v4, _) = IsolatedNetwork.RequireVeth(IsolatedNetwork.VethB);
        var ex = Assert.Throws<ArgumentException>(() => Ani4OutFleet.Start(new FleetOptions
        {
            DeviceCount = 1,
            UsePorts = true,
            PacketBridge = false,
            Mdns = new MdnsResponderOptions { InterfaceAddress = v4.Address, Probe = false, Announce = false },
        }));
        Assert.That(ex!.Message, Does.Contain("127.0.0.1").And.Contain("BindAddress " + v4.Address));
    }

    private static Ani4OutFleet StartFleetOn(string interfaceName)
    {
        var (v4, _) = IsolatedNetwork.RequireVeth(interfaceName);
        return Ani4OutFleet.Start(new FleetOptions
        {
            DeviceCount = 2,
            UsePorts = true,
            BindAddress = v4.Address, // reachable on that link: a responder there refuses to name loopback
            PacketBridge = false,
            Mdns = new MdnsResponderOptions { InterfaceAddress = v4.Address, Probe = false, Announce = false },
        });
    }
}
