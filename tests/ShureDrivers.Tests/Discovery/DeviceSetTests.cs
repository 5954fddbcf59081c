using System.Collections.Generic;
using System.Linq;
using System.Net;
using NUnit.Framework;
using ShureDrivers.Discovery;
using ShureDrivers.Discovery.Dns;

namespace ShureDrivers.Tests.Discovery;

/// <summary>What the browser reports as its cache changes, read from records without sockets.</summary>
public class DeviceSetTests
{
    [Test]
    public void Appeared_Updated_Gone_FollowTheRecords()
    {
        var set = new DeviceSet();
        var records = Device("ANI4OUT-aabbcc", "192.168.1.20");

        Assert.That(Kinds(set.Update(ShureServiceRecords.Build(records, "eth0"))), Is.EqualTo(new[] { "Appeared ANI4OUT-aabbcc.local" }));
        Assert.That(set.Update(ShureServiceRecords.Build(records, "eth0")), Is.Empty, "the same records: nothing to say");

        var moved = Device("ANI4OUT-aabbcc", "192.168.1.21");
        Assert.That(Kinds(set.Update(ShureServiceRecords.Build(moved, "eth0"))), Is.EqualTo(new[] { "Updated ANI4OUT-aabbcc.local" }), "a new address");

        var goodbye = moved.Select(r => r.WithTtl(0)).ToList();
        Assert.That(Kinds(set.Update(ShureServiceRecords.Build(goodbye, "eth0"))), Is.EqualTo(new[] { "Gone ANI4OUT-aabbcc.local" }), "goodbyes count as gone at once");
    }

    [Test]
    public void OtherHosts_AreNotReported()
    {
        var set = new DeviceSet();
        var printer = Device("LaserJet-123456", "192.168.1.30");
        Assert.That(set.Update(ShureServiceRecords.Build(printer, "eth0")), Is.Empty);
    }

    private static IEnumerable<string> Kinds(IEnumerable<DeviceEvent> events) => events.Select(e => $"{e.Kind} {e.Device.HostName}");

    private static List<DnsRecord> Device(string label, string address) =>
    [
        new() { Name = "_http._tcp.local", Type = DnsType.Ptr, Ttl = 4500, Target = label + "._http._tcp.local" },
        new() { Name = label + "._http._tcp.local", Type = DnsType.Srv, Ttl = 120, Target = label + ".local", Port = 80 },
        new() { Name = label + ".local", Type = DnsType.A, Ttl = 120, Address = IPAddress.Parse(address) },
    ];
}
