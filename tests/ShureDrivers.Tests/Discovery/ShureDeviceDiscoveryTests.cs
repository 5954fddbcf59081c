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
        var devices = ShureServiceRecords.Build(records, "eth0");
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
