using Microsoft.Extensions.Time.Testing;
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
/// Probing, announcing, QM/QU answers, name defence and goodbyes over real multicast on loopback, port 5353.
/// Runs only in a private network namespace (see <see cref="IsolatedNetwork"/>).
/// </summary>
[CancelAfter(30_000)]
public class MdnsResponderMulticastTests : MulticastFixture
{
    private static readonly IPEndPoint Group = new(IPAddress.Parse("224.0.0.251"), 5353);
    private readonly List<IAsyncDisposable> _disposables = [];

    [TearDown]
    public async Task TearDown()
    {
        foreach (var d in Enumerable.Reverse(_disposables))
        {
            await d.DisposeAsync();
        }

        _disposables.Clear();
    }

    [Test]
    public async Task Start_ProbesThreeTimes_ThenAnnouncesFromPort5353()
    {
        using var listener = Listener();
        var device = Device(0x01);
        var responder = Track(MdnsResponder.Start([device], new MdnsResponderOptions()));
        await responder.WhenReady.WaitAsync(TestTimeouts.Signal);

        var packets = await CollectAsync(listener, TimeSpan.FromMilliseconds(300));
        var probes = packets.Where(p => !p.Message.IsResponse && p.Message.Authorities.Count > 0).ToList();
        var announcements = packets.Where(p => p.Message.IsResponse).ToList();
        Assert.That(probes, Has.Count.EqualTo(3));
        Assert.That(probes[0].Message.Questions.Any(q => q.Name == "ANI4OUT-000001.local" && q.Type == DnsType.Any), Is.True);
        Assert.That(announcements, Is.Not.Empty);
        var announcement = announcements[0];
        Assert.That(announcement.From.Port, Is.EqualTo(5353));
        Assert.That(announcement.Message.Questions, Is.Empty, "Avahi drops responses with a question section");
        Assert.That(announcement.Message.Answers, Is.Not.Empty);
        var a = announcement.Message.Answers.Single(r => r.Type == DnsType.A);
        Assert.That(a.CacheFlush, Is.True);
        Assert.That(a.Ttl, Is.EqualTo(120u));
        Assert.That(announcement.Message.Answers.Single(r => r.Type == DnsType.Ptr && r.Name == "_http._tcp.local").Ttl, Is.EqualTo(4500u));
    }

    [Test]
    public async Task QmQuery_IsAnsweredByMulticast_WithIdZeroAndNoQuestion()
    {
        var responder = Track(MdnsResponder.Start([Device(0x02)], new MdnsResponderOptions { Probe = false, Announce = false }));
        await responder.WhenReady;
        using var querier = Listener();
        await SendQueryAsync(querier, new DnsQuestion("ANI4OUT-000002.local", DnsType.A), Group);
        var reply = (await CollectAsync(querier, TimeSpan.FromMilliseconds(500))).First(p => p.Message.IsResponse);
        Assert.That(reply.Message.Id, Is.Zero);
        Assert.That(reply.Message.Questions, Is.Empty);
        Assert.That(reply.Message.Answers.Single().Address, Is.EqualTo(IPAddress.Parse("127.0.10.2")));
    }

    [Test]
    public async Task QuQuery_IsAnsweredByUnicast()
    {
        var responder = Track(MdnsResponder.Start([Device(0x03)], new MdnsResponderOptions { Probe = false, Announce = false }));
        await responder.WhenReady;
        using var querier = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        querier.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        querier.Bind(new IPEndPoint(IPAddress.Loopback, 5353));
        querier.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, BitConverter.ToInt32(IPAddress.Loopback.GetAddressBytes(), 0));
        await SendQueryAsync(querier, new DnsQuestion("_http._tcp.local", DnsType.Ptr, UnicastResponse: true), Group);
        var reply = (await CollectAsync(querier, TimeSpan.FromMilliseconds(500))).First(p => p.Message.IsResponse);
        Assert.That(reply.Message.Answers.Any(r => r.Type == DnsType.Ptr), Is.True);
        Assert.That(reply.Message.AllRecords.Any(r => r.Type == DnsType.Srv && r.Port == 80), Is.True);
    }

    [Test]
    public async Task SecondResponderForTheSameName_IsDefendedAgainst_AndRenames()
    {
        var sim = new Ani4OutSimulator(new SimulatorOptions { ControlMac = [0x00, 0x0E, 0xDD, 0x00, 0x00, 0x04] });
        var first = Track(MdnsResponder.Start([new SimulatedDevice(sim, new IPEndPoint(IPAddress.Parse("127.0.10.4"), 2202), new IPEndPoint(IPAddress.Loopback, 2203))], new MdnsResponderOptions { Seed = 1 }));
        await first.WhenReady.WaitAsync(TestTimeouts.Signal);

        var other = new SimulatedDevice(sim, new IPEndPoint(IPAddress.Parse("127.0.10.99"), 2202), new IPEndPoint(IPAddress.Loopback, 2203));
        var second = Track(MdnsResponder.Start([other], new MdnsResponderOptions { Seed = 2 }));
        await second.WhenReady.WaitAsync(TestTimeouts.Signal);

        Assert.That(first.HostNames, Is.EqualTo(new[] { "ANI4OUT-000004" }));
        Assert.That(second.HostNames, Is.EqualTo(new[] { "ANI4OUT-000004-2" }));
        sim.Dispose();
    }

    [Test]
    public async Task Dispose_SendsGoodbyesWithTtlZero()
    {
        // A manual clock holds the second announcement back, so the last response seen is the goodbye.
        var responder = MdnsResponder.Start([Device(0x05)], new MdnsResponderOptions { Probe = false, TimeProvider = new FakeTimeProvider() });
        await responder.WhenReady.WaitAsync(TestTimeouts.Signal);
        using var listener = Listener();
        await responder.DisposeAsync();
        var packets = await CollectAsync(listener, TimeSpan.FromMilliseconds(300));
        var goodbye = packets.Last(p => p.Message.IsResponse).Message;
        Assert.That(goodbye.Answers.Select(r => r.Ttl), Is.All.EqualTo(0u));
        Assert.That(goodbye.Answers.Any(r => r.Type == DnsType.A && r.Name == "ANI4OUT-000005.local"), Is.True);
    }

    private SimulatedDevice Device(byte last)
    {
        var sim = new Ani4OutSimulator(new SimulatorOptions { ControlMac = [0x00, 0x0E, 0xDD, 0x00, 0x00, last] });
        _disposables.Add(new AsyncDisposer(sim.Dispose));
        return new SimulatedDevice(sim, new IPEndPoint(IPAddress.Parse($"127.0.10.{last}"), 2202), new IPEndPoint(IPAddress.Loopback, 2203));
    }

    private T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private static Socket Listener()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Any, 5353));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, BitConverter.ToInt32(IPAddress.Loopback.GetAddressBytes(), 0));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(Group.Address, IPAddress.Loopback));
        return socket;
    }

    private static async Task SendQueryAsync(Socket socket, DnsQuestion question, IPEndPoint to)
    {
        var query = new DnsMessage();
        query.Questions.Add(question);
        await socket.SendToAsync(DnsMessageWriter.Write(query), SocketFlags.None, to);
    }

    // Collects packets until none has arrived for 'quiet' (bounded by the signal timeout).
    private static async Task<List<(DnsMessage Message, IPEndPoint From)>> CollectAsync(Socket socket, TimeSpan quiet)
    {
        var list = new List<(DnsMessage, IPEndPoint)>();
        var buffer = new byte[9000];
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (DateTime.UtcNow < deadline)
        {
            using var cts = new CancellationTokenSource(quiet);
            try
            {
                var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
                if (DnsMessageReader.TryRead(buffer.AsSpan(0, result.ReceivedBytes), out var message, out _))
                {
                    list.Add((message, (IPEndPoint)result.RemoteEndPoint));
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return list;
    }

    private sealed class AsyncDisposer(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return default;
        }
    }
}
