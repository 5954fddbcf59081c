using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using NUnit.Framework;
using ShureDrivers.PacketBridge;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.PacketBridge;

/// <summary>The packet-bridge client against simulated bridges on the in-memory network: no sockets, no sleeps.</summary>
[CancelAfter(30_000)]
public class InMemoryPacketBridgeTests
{
    private SimulatedNetwork _network = null!;
    private SimulatedHost _controller = null!;
    private readonly List<(Ani4OutSimulator Simulator, PacketBridgeResponder Responder)> _bridges = [];
    private int _queries;

    [SetUp]
    public void SetUp()
    {
        _network = new SimulatedNetwork();
        _controller = _network.AddHost(IPAddress.Parse("192.168.77.2"));
        _queries = 0;
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var (simulator, responder) in _bridges)
        {
            await responder.DisposeAsync();
            simulator.Dispose();
        }

        _bridges.Clear();
    }

    [Test]
    public async Task Query_OverTheLink_GivesTheControlAddressMaskAndMac()
    {
        var bridge = StartBridge(20);
        var reply = await Client().QueryAsync(bridge.Address);
        Assert.That(reply.ControlAddress, Is.EqualTo(IPAddress.Parse("10.0.0.20")));
        Assert.That(reply.SubnetMask, Is.EqualTo(IPAddress.Parse("255.255.0.0")));
        Assert.That(reply.MacAddressText, Is.EqualTo("00:0E:DD:00:00:14"));
    }

    [Test]
    public async Task RepliesFromTheWrongAddressOrPort_OrShort_AreIgnored_AndTheRealOneIsTaken()
    {
        var bridge = StartBridge(20);
        var impostor = PacketBridgeReplyBytes(99);
        _network.Filter = d =>
        {
            if (d.Destination.Equals(bridge))
            {
                // Injected before the real bridge sees the query, so they arrive first.
                _network.Inject(new IPEndPoint(IPAddress.Parse("192.168.77.21"), 2203), d.Source, impostor);
                _network.Inject(new IPEndPoint(bridge.Address, 2204), d.Source, impostor);
                _network.Inject(bridge, d.Source, impostor.AsSpan(0, 13));
            }

            return true;
        };
        using var logs = new TestLogs();
        var reply = await Client(logs).QueryAsync(bridge.Address);
        Assert.That(reply.MacAddressText, Is.EqualTo("00:0E:DD:00:00:14"));
        Assert.That(logs.MessagesFor(ShureEventIds.BridgeIgnored).Count(), Is.EqualTo(3));
    }

    [TestCase("192.168.77.20", 2203, 14, TestName = "A14ByteReplyFromTheQueriedAddress_IsTaken")]
    [TestCase("192.168.77.20", 2203, 40, TestName = "APaddedReply_IsTaken_ReadingTheFirst14Bytes")]
    [TestCase("10.0.0.20", 2203, 14, TestName = "AReplyFromTheControlAddressItNames_IsTaken")]
    public async Task TolerableReplies_AreTaken(string from, int port, int length)
    {
        var bridge = StartBridge(20);
        var reply = new byte[length];
        PacketBridgeReplyBytes(20).CopyTo(reply, 0);
        _network.Filter = d =>
        {
            if (d.Destination.Equals(bridge))
            {
                // Only this reply comes back: the real bridge never sees the query.
                _network.Inject(new IPEndPoint(IPAddress.Parse(from), port), d.Source, reply);
                return false;
            }

            return true;
        };
        var answer = await Client().QueryAsync(bridge.Address);
        Assert.That(answer.ControlAddress, Is.EqualTo(IPAddress.Parse("10.0.0.20")));
        Assert.That(answer.MacAddressText, Is.EqualTo("00:0E:DD:00:00:14"));
    }

    [TestCase("192.168.77.50", 2203, "10.0.0.99", "255.255.0.0", "00:0E:DD:00:00:63", TestName = "ASpoofFromAThirdAddress_IsIgnored")]
    [TestCase("192.168.77.20", 2204, "10.0.0.99", "255.255.0.0", "00:0E:DD:00:00:63", TestName = "AReplyFromTheQueriedAddressButAnotherPort_IsIgnored")]
    [TestCase("192.168.77.20", 2203, "10.0.0.99", "255.0.255.0", "00:0E:DD:00:00:63", TestName = "ANonContiguousMask_IsIgnored")]
    [TestCase("192.168.77.20", 2203, "10.0.0.99", "0.0.0.0", "00:0E:DD:00:00:63", TestName = "AZeroMask_IsIgnored")]
    [TestCase("192.168.77.20", 2203, "0.0.0.0", "255.255.0.0", "00:0E:DD:00:00:63", TestName = "AZeroAddress_IsIgnored")]
    [TestCase("192.168.77.20", 2203, "255.255.255.255", "255.255.0.0", "00:0E:DD:00:00:63", TestName = "ABroadcastAddress_IsIgnored")]
    [TestCase("192.168.77.20", 2203, "10.0.255.255", "255.255.0.0", "00:0E:DD:00:00:63", TestName = "TheSubnetBroadcastAddress_IsIgnored")]
    [TestCase("192.168.77.20", 2203, "224.0.0.251", "255.255.0.0", "00:0E:DD:00:00:63", TestName = "AMulticastAddress_IsIgnored")]
    [TestCase("192.168.77.20", 2203, "10.0.0.99", "255.255.0.0", "00:00:00:00:00:00", TestName = "AnAllZeroMac_IsIgnored")]
    [TestCase("192.168.77.20", 2203, "10.0.0.99", "255.255.0.0", "01:00:5E:00:00:FB", TestName = "AMulticastMac_IsIgnored")]
    public async Task ImplausibleOrSpoofedReplies_AreIgnored_AndTheRealOneIsTaken(string from, int port, string address, string mask, string mac)
    {
        var bridge = StartBridge(20);
        var impostor = new PacketBridgeReply(IPAddress.Parse(address), IPAddress.Parse(mask), System.Net.NetworkInformation.PhysicalAddress.Parse(mac.Replace(':', '-'))).ToBytes();
        _network.Filter = d =>
        {
            if (d.Destination.Equals(bridge))
            {
                // Injected before the real bridge sees the query, so it arrives first.
                _network.Inject(new IPEndPoint(IPAddress.Parse(from), port), d.Source, impostor);
            }

            return true;
        };
        using var logs = new TestLogs();
        using var ignored = new MetricCollector<long>(null, "ShureDrivers", "shure.bridge.ignored_replies");
        var reply = await Client(logs).QueryAsync(bridge.Address);
        Assert.That(reply.MacAddressText, Is.EqualTo("00:0E:DD:00:00:14"), "the real bridge's reply");
        Assert.That(logs.MessagesFor(ShureEventIds.BridgeIgnored).Count(), Is.EqualTo(1));
        Assert.That(ignored.GetMeasurementSnapshot().EvaluateAsCounter(), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task LostReply_IsRecoveredByTheResend()
    {
        var bridge = StartBridge(20);
        var replies = 0;
        _network.Filter = d => !(d.Source.Equals(bridge) && Interlocked.Increment(ref replies) == 1);
        var time = new TestClock();
        var query = Client(time: time).QueryAsync(bridge.Address);
        await Wait.UntilAsync(() => Volatile.Read(ref replies) == 1 && time.ActiveTimerCount > 0, "the first reply to be lost");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That((await query).MacAddressText, Is.EqualTo("00:0E:DD:00:00:14"));
        Assert.That(Volatile.Read(ref _queries), Is.EqualTo(2));
    }

    [Test]
    public async Task NoReply_ResendsEveryInterval_ThenTimesOut_WithoutWaitingInRealTime()
    {
        var bridge = StartBridge(20);
        _network.Filter = d => !d.Destination.Equals(bridge);
        var time = new TestClock();
        var query = Client(time: time, attempts: 4).QueryAsync(bridge.Address);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await Wait.UntilAsync(() => Volatile.Read(ref _queries) == attempt && time.ActiveTimerCount > 0, $"query {attempt}");
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var ex = Assert.ThrowsAsync<DeviceTimeoutException>(() => query);
        Assert.That(ex!.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(_network.DroppedCount, Is.EqualTo(4));
    }

    [Test]
    public async Task ManyQueriesToManyBridges_InParallel_DoNotMixRepliesUp()
    {
        var bridges = Enumerable.Range(20, 20).Select(StartBridge).ToList();
        var client = Client();
        var asked = Enumerable.Range(0, 100).Select(i => bridges[i % bridges.Count]).ToList();
        var replies = await Task.WhenAll(asked.Select(b => client.QueryAsync(b.Address)));
        for (var i = 0; i < asked.Count; i++)
        {
            Assert.That(replies[i].ControlAddress, Is.EqualTo(IPAddress.Parse("10.0.0." + asked[i].Address.GetAddressBytes()[3])));
        }
    }

    [Test]
    public void NetworkGone_IsAConnectionError_NotATimeout()
    {
        var bridge = StartBridge(20);
        _network.Filter = d =>
        {
            if (d.Destination.Equals(bridge))
            {
                _controller.FailReceives(System.Net.Sockets.SocketError.NetworkDown);
            }

            return true;
        };
        var ex = Assert.ThrowsAsync<DeviceConnectionException>(() => Client(time: new TestClock()).QueryAsync(bridge.Address));
        Assert.That(ex!.InnerException, Is.InstanceOf<System.Net.Sockets.SocketException>());
    }

    [Test]
    public void Cancellation_IsTheCallers_NotATimeout()
    {
        var bridge = StartBridge(20);
        _network.Filter = d => !d.Destination.Equals(bridge);
        using var cts = new CancellationTokenSource();
        var query = Client(time: new TestClock()).QueryAsync(bridge.Address, cts.Token);
        cts.Cancel();
        var ex = Assert.CatchAsync<OperationCanceledException>(() => query);
        Assert.That(ex, Is.Not.InstanceOf<DeviceTimeoutException>());
    }

    // A device whose Dante interface is 192.168.77.<last> and whose control interface is 10.0.0.<last>/16.
    private IPEndPoint StartBridge(int last)
    {
        var host = _network.AddHost(IPAddress.Parse("192.168.77." + last));
        var simulator = new Ani4OutSimulator(new SimulatorOptions
        {
            ControlAddress = IPAddress.Parse("10.0.0." + last),
            ControlSubnetMask = IPAddress.Parse("255.255.0.0"),
            ControlMac = [0x00, 0x0E, 0xDD, 0x00, 0x00, (byte)last],
            DanteAddress = host.Address,
        });
        var responder = PacketBridgeResponder.Start(simulator, transport: host);
        _bridges.Add((simulator, responder));
        return responder.LocalEndPoint;
    }

    private PacketBridgeClient Client(TestLogs? logs = null, TestClock? time = null, int attempts = 3)
    {
        var counting = _network.Filter;
        _network.Filter = d =>
        {
            if (d.Destination.Port == PacketBridgeReply.DefaultPort && d.Source.Address.Equals(_controller.Address))
            {
                Interlocked.Increment(ref _queries);
            }

            return counting?.Invoke(d) ?? true;
        };
        return new PacketBridgeClient(new PacketBridgeOptions
        {
            Transport = _controller,
            LoggerFactory = logs?.Factory,
            TimeProvider = time ?? TimeProvider.System,
            Attempts = attempts,
        });
    }

    private static byte[] PacketBridgeReplyBytes(int last) =>
        new PacketBridgeReply(IPAddress.Parse("10.0.0." + last), IPAddress.Parse("255.255.0.0"), new System.Net.NetworkInformation.PhysicalAddress([0x00, 0x0E, 0xDD, 0x00, 0x00, (byte)last])).ToBytes();
}
