using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

/// <summary>
/// The responder answering hand-built legacy unicast queries on loopback. Probing and announcing are off, so these
/// tests send no multicast and can run anywhere.
/// </summary>
[Category("Loopback")]
[CancelAfter(20_000)]
public class MdnsResponderTests
{
    private Ani4OutSimulator _sim = null!;
    private MdnsResponder _responder = null!;
    private SimulatedDevice _device = null!;

    [SetUp]
    public void SetUp()
    {
        _sim = new Ani4OutSimulator(new SimulatorOptions { ControlMac = [0x00, 0x0E, 0xDD, 0xAA, 0xBB, 0xCC], SerialNumber = "3RG0042" });
        _device = new SimulatedDevice(_sim, new IPEndPoint(IPAddress.Parse("127.0.10.1"), 2202), new IPEndPoint(IPAddress.Parse("127.0.20.1"), 2203));
        _responder = MdnsResponder.Start([_device], new MdnsResponderOptions { Port = 0, Probe = false, Announce = false, AdvertiseShureService = true });
    }

    [TearDown]
    public async Task TearDown()
    {
        await _responder.DisposeAsync();
        _sim.Dispose();
    }

    [Test]
    public async Task LegacyQuery_ForTheHost_IsAnsweredByUnicastWithIdAndQuestionEchoed()
    {
        await _responder.WhenReady;
        var reply = await QueryAsync(0xBEEF, new DnsQuestion("ANI4OUT-aabbcc.local", DnsType.A));
        Assert.That(reply.Id, Is.EqualTo(0xBEEF));
        Assert.That(reply.IsResponse && reply.Authoritative, Is.True);
        Assert.That(reply.Questions.Single().Name, Is.EqualTo("ANI4OUT-aabbcc.local"));
        var a = reply.Answers.Single();
        Assert.That(a.Address, Is.EqualTo(IPAddress.Parse("127.0.10.1")));
        Assert.That(a.Ttl, Is.LessThanOrEqualTo(10u));
        Assert.That(a.CacheFlush, Is.False);
    }

    [Test]
    public async Task LegacyQuery_NamesMatchCaseInsensitively()
    {
        var reply = await QueryAsync(1, new DnsQuestion("ani4out-AABBCC.LOCAL", DnsType.A));
        Assert.That(reply.Answers.Single().Name, Is.EqualTo("ANI4OUT-aabbcc.local"));
    }

    [Test]
    public async Task LegacyBrowse_ForHttp_GivesPtrSrvTxtAndA_AllInTheAnswerSection()
    {
        var reply = await QueryAsync(2, new DnsQuestion("_http._tcp.local", DnsType.Ptr));
        var byType = reply.Answers.ToLookup(r => r.Type);
        Assert.That(reply.Additionals, Is.Empty);
        Assert.That(byType[DnsType.Ptr].Single().Target, Is.EqualTo("ANI4OUT-aabbcc._http._tcp.local"));
        var srv = byType[DnsType.Srv].Single();
        Assert.That(srv.Port, Is.EqualTo(80));
        Assert.That(srv.Target, Is.EqualTo("ANI4OUT-aabbcc.local"));
        Assert.That(byType[DnsType.Txt].Single().Text, Does.Contain("model=ANI4OUT-XLR"));
        Assert.That(byType[DnsType.A].Single().Address, Is.EqualTo(IPAddress.Parse("127.0.10.1")));
        Assert.That(reply.Answers.All(r => r.Ttl <= 10), Is.True);
    }

    [Test]
    public async Task LegacyBrowse_ForShure_GivesTheControlPortAndIdentity()
    {
        var reply = await QueryAsync(3, new DnsQuestion("_shure._tcp.local", DnsType.Ptr));
        Assert.That(reply.Answers.Single(r => r.Type == DnsType.Srv).Port, Is.EqualTo(2202));
        Assert.That(reply.Answers.Single(r => r.Type == DnsType.Txt).Text, Is.EqualTo(new[] { "model=ANI4OUT-XLR", "serial=3RG0042", "mac=00:0E:DD:AA:BB:CC" }));
    }

    [Test]
    public async Task ServiceEnumeration_ListsTheServiceTypes()
    {
        var reply = await QueryAsync(4, new DnsQuestion("_services._dns-sd._udp.local", DnsType.Ptr));
        Assert.That(reply.Answers.Where(r => r.Type == DnsType.Ptr).Select(r => r.Target), Is.EquivalentTo(new[] { "_http._tcp.local", "_shure._tcp.local" }));
    }

    [Test]
    public async Task UnknownNames_AreNotAnswered_AndTheLoopGoesOn()
    {
        using var client = UdpProbe.NewClient();
        await SendAsync(client, 5, new DnsQuestion("someone-else.local", DnsType.A));
        await SendAsync(client, 6, new DnsQuestion("ANI4OUT-aabbcc.local", DnsType.A));
        var reply = await UdpProbe.ReceiveDnsAsync(client);
        Assert.That(reply.Id, Is.EqualTo(6), "the first query got no answer");
    }

    [Test]
    public async Task MalformedPackets_AreCountedAndDropped()
    {
        using var client = UdpProbe.NewClient();
        await client.SendToAsync(new byte[] { 1, 2, 3 }, SocketFlags.None, Target());
        var loop = new byte[] { 0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1 };
        await client.SendToAsync(loop, SocketFlags.None, Target());
        await SendAsync(client, 8, new DnsQuestion("ANI4OUT-aabbcc.local", DnsType.Any));
        Assert.That((await UdpProbe.ReceiveDnsAsync(client)).Id, Is.EqualTo(8));
        Assert.That(_responder.MalformedPacketCount, Is.EqualTo(2));
    }

    [Test]
    public async Task ShureService_CanBeLeftOut()
    {
        await _responder.DisposeAsync();
        _responder = MdnsResponder.Start([_device], new MdnsResponderOptions { Port = 0, Probe = false, Announce = false, AdvertiseShureService = false });
        using var client = UdpProbe.NewClient();
        await SendAsync(client, 9, new DnsQuestion("_shure._tcp.local", DnsType.Ptr));
        await SendAsync(client, 10, new DnsQuestion("_http._tcp.local", DnsType.Ptr));
        Assert.That((await UdpProbe.ReceiveDnsAsync(client)).Id, Is.EqualTo(10));
    }

    [Test]
    public async Task ManyDevices_AreAllAnswered()
    {
        await _responder.DisposeAsync();
        var sims = Enumerable.Range(1, 50).Select(i => new Ani4OutSimulator(new SimulatorOptions { ControlMac = [0x00, 0x0E, 0xDD, 0x00, 0x01, (byte)i] })).ToList();
        var devices = sims.Select((s, i) => new SimulatedDevice(s, new IPEndPoint(IPAddress.Parse($"127.0.10.{i + 1}"), 2202), new IPEndPoint(IPAddress.Loopback, 2203))).ToList();
        _responder = MdnsResponder.Start(devices, new MdnsResponderOptions { Port = 0, Probe = false, Announce = false });
        var reply = await QueryAsync(11, new DnsQuestion("ANI4OUT-000132.local", DnsType.A));
        Assert.That(reply.Answers.Single().Address, Is.EqualTo(IPAddress.Parse("127.0.10.50")));
        sims.ForEach(s => s.Dispose());
    }

    private IPEndPoint Target() => new(IPAddress.Loopback, _responder.LocalEndPoint.Port);

    private async Task<DnsMessage> QueryAsync(ushort id, DnsQuestion question)
    {
        await _responder.WhenReady;
        return await UdpProbe.LegacyQueryAsync(_responder.LocalEndPoint.Port, question, id);
    }

    private async Task SendAsync(Socket client, ushort id, DnsQuestion question)
    {
        await _responder.WhenReady;
        await UdpProbe.SendQueryAsync(client, _responder.LocalEndPoint.Port, id, question);
    }
}
