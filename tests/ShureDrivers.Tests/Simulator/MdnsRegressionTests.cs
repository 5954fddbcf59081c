using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Networking;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

/// <summary>
/// Behaviours where Makaretu.Dns.Multicast 0.27.0 failed and our responder must never drift (docs/decisions/mdns.md):
/// a legacy query never shortens later multicast TTLs, answers come from port 5353, queries from off the link are not
/// answered, and multicast leaves with IP TTL 255. Probing and conflict renaming are pinned by
/// <c>MdnsResponderMulticastTests.SecondResponderForTheSameName_IsDefendedAgainst_AndRenames</c>.
/// </summary>
[CancelAfter(30_000)]
public class MdnsRegressionTests
{
    private static readonly IPEndPoint Group = new(IPAddress.Parse("224.0.0.251"), 5353);
    private RecordedLink _link = null!;

    [SetUp]
    public void SetUp() => _link = new RecordedLink();

    [Test]
    public async Task ALegacyQuery_IsAnsweredFrom5353WithShortTtls_AndNeverShortensLaterMulticastAnswers()
    {
        await using var fleet = await StartFleetAsync(_link.Devices);
        using var legacy = _link.Controller.Bind(new IPEndPoint(IPAddress.Any, 0));
        await legacy.SendAsync(Query(), Group);
        var reply = await legacy.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Signal);
        Assert.That(reply.RemoteEndPoint.Port, Is.EqualTo(5353), "RFC 6762 §6: responses come from port 5353");
        var legacyAnswer = Read(reply.Data);
        Assert.That(legacyAnswer.Answers.Concat(legacyAnswer.Additionals).Select(r => r.Ttl), Is.All.LessThanOrEqualTo(10u), "RFC 6762 §6.7: legacy answers carry TTL 10 at most");

        // A multicast (QM) query from port 5353 afterwards: the full TTLs, untouched by the legacy answer.
        using var mdns = _link.Controller.Bind(new IPEndPoint(IPAddress.Any, 5353), new DatagramSocketOptions { ReuseAddress = true });
        mdns.JoinMulticastGroup(Group.Address, _link.Controller.Link);
        await mdns.SendAsync(Query(), Group);
        DnsMessage answer;
        do
        {
            var datagram = await mdns.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Signal);
            answer = Read(datagram.Data);
        }
        while (!answer.IsResponse);

        var records = answer.Answers.Concat(answer.Additionals).ToList();
        Assert.That(records.Single(r => r.Type == DnsType.Ptr).Ttl, Is.EqualTo(4500u));
        Assert.That(records.First(r => r.Type == DnsType.A).Ttl, Is.EqualTo(120u));
    }

    [Test]
    public async Task AQueryFromOffTheLink_IsNotAnswered()
    {
        await using var fleet = await StartFleetAsync(_link.Devices);
        var offLink = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 5353);
        _link.Network.Inject(offLink, Group, Query());

        // Then an on-link legacy query: once it is answered, the off-link one (sent first) has been handled too.
        using var legacy = _link.Controller.Bind(new IPEndPoint(IPAddress.Any, 0));
        await legacy.SendAsync(Query(), Group);
        await legacy.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Signal);
        Assert.That(_link.Traffic.Any(d => d.Destination.Address.Equals(offLink.Address)), Is.False, "RFC 6762 §6.2: no answer to another link");
        Assert.That(_link.Traffic.Count(d => d.Source.Port == 5353 && d.Source.Address.Equals(_link.Devices.Address)), Is.EqualTo(1), "only the on-link query was answered");
    }

    [Test]
    public async Task EveryMulticastSocket_IsBoundWithIpTtl255()
    {
        var recording = new RecordingTransport(_link.Devices);
        await using var fleet = await StartFleetAsync(recording);
        Assert.That(recording.Options, Is.Not.Empty);
        Assert.That(recording.Options.Select(o => o.MulticastTimeToLive), Is.All.EqualTo(255), "RFC 6762 §11: IP TTL 255");
    }

    private static async Task<Ani4OutFleet> StartFleetAsync(DatagramTransport transport)
    {
        var fleet = Ani4OutFleet.Start(new FleetOptions
        {
            DeviceCount = 1,
            UsePorts = true,
            PacketBridge = false,
            Mdns = new MdnsResponderOptions { Transport = transport, InterfaceAddress = IPAddress.Parse("192.168.77.10"), Probe = false, Announce = false, IPv6 = false },
        });
        await fleet.Mdns!.WhenReady.WaitAsync(TestTimeouts.Signal);
        return fleet;
    }

    private static byte[] Query()
    {
        var message = new DnsMessage();
        message.Questions.Add(new DnsQuestion("_http._tcp.local", DnsType.Ptr));
        return DnsMessageWriter.Write(message);
    }

    private static DnsMessage Read(ReadOnlyMemory<byte> data) =>
        DnsMessageReader.TryRead(data.Span, out var message, out var error) ? message : throw new AssertionException("unreadable: " + error);

    /// <summary>Records the options of every socket bound through it.</summary>
    private sealed class RecordingTransport(DatagramTransport inner) : DatagramTransport
    {
        public List<DatagramSocketOptions> Options { get; } = [];

        public override IReadOnlyList<NetworkInterfaceAddress> GetInterfaces() => inner.GetInterfaces();

        public override DatagramSocket Bind(IPEndPoint localEndPoint, DatagramSocketOptions? options = null)
        {
            lock (Options)
            {
                Options.Add(options ?? new DatagramSocketOptions());
            }

            return inner.Bind(localEndPoint, options);
        }
    }
}
