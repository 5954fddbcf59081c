using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.PacketBridge;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.PacketBridge;

[Category("Loopback")]
[CancelAfter(30_000)]
public class PacketBridgeClientTests
{
    [Test]
    public async Task Query_ReturnsTheControlAddressMaskAndMac()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions
        {
            ControlAddress = IPAddress.Parse("10.1.2.3"),
            ControlSubnetMask = IPAddress.Parse("255.255.0.0"),
            ControlMac = [0x00, 0x0E, 0xDD, 0x12, 0x34, 0x56],
        });
        await using var responder = PacketBridgeResponder.Start(sim, new IPEndPoint(IPAddress.Loopback, 0));
        var reply = await new PacketBridgeClient().QueryAsync(responder.LocalEndPoint);
        Assert.That(reply.ControlAddress, Is.EqualTo(IPAddress.Parse("10.1.2.3")));
        Assert.That(reply.SubnetMask, Is.EqualTo(IPAddress.Parse("255.255.0.0")));
        Assert.That(reply.MacAddressText, Is.EqualTo("00:0E:DD:12:34:56"));
    }

    [Test]
    public async Task ManyQueriesInParallel_DoNotMixRepliesUp()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 25, UsePorts = true });
        var client = new PacketBridgeClient();
        var replies = await Task.WhenAll(fleet.Devices.Select(d => client.QueryAsync(d.DanteEndPoint)));
        for (var i = 0; i < fleet.Devices.Count; i++)
        {
            Assert.That(replies[i].MacAddressText, Is.EqualTo(fleet.Devices[i].MacAddress));
        }
    }

    [Test]
    public async Task ReplyFromAnotherPort_OrOfTheWrongSize_IsIgnored_ThenItTimesOutAfterEveryAttempt()
    {
        using var fake = new FakeBridge(replyFromOtherSocket: true, length: 14);
        var time = new TestClock();
        var client = new PacketBridgeClient(new PacketBridgeOptions { TimeProvider = time, Attempts = 3 });
        var query = client.QueryAsync(fake.EndPoint);
        await Wait.UntilAsync(() => fake.Received == 1 && fake.Sent == 1, "the first query and its wrong reply");
        var ex = await WaitForTimeoutAsync(time, query, fake, attempts: 3);
        Assert.That(ex.IsTransient, Is.True);

        using var shortReply = new FakeBridge(replyFromOtherSocket: false, length: 13);
        query = client.QueryAsync(shortReply.EndPoint);
        await WaitForTimeoutAsync(time, query, shortReply, attempts: 3);
    }

    [Test]
    public async Task NoReply_ResendsEveryInterval_ThenTimesOut()
    {
        using var fake = new FakeBridge(replyFromOtherSocket: false, length: 0);
        var time = new TestClock();
        var client = new PacketBridgeClient(new PacketBridgeOptions { TimeProvider = time, Attempts = 4, ResendInterval = TimeSpan.FromMilliseconds(500) });
        var ex = await WaitForTimeoutAsync(time, client.QueryAsync(fake.EndPoint), fake, attempts: 4, intervalSeconds: 0.5);
        Assert.That(ex.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public void Cancellation_IsTheCallers()
    {
        using var fake = new FakeBridge(replyFromOtherSocket: false, length: 0);
        using var cts = new CancellationTokenSource();
        var query = new PacketBridgeClient(new PacketBridgeOptions { TimeProvider = new TestClock() }).QueryAsync(fake.EndPoint, cts.Token);
        cts.Cancel();
        Assert.CatchAsync<OperationCanceledException>(() => query);
    }

    [Test]
    public void BadArguments_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => _ = new PacketBridgeClient(new PacketBridgeOptions { Attempts = 0 }));
        Assert.Throws<ArgumentException>(() => _ = new PacketBridgeClient(new PacketBridgeOptions { ResendInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new PacketBridgeClient().QueryAsync(IPAddress.IPv6Loopback));
    }

    private static async Task<DeviceTimeoutException> WaitForTimeoutAsync(TestClock time, Task<PacketBridgeReply> query, FakeBridge fake, int attempts, double intervalSeconds = 1)
    {
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            await Wait.UntilAsync(() => fake.Received >= attempt, $"query {attempt}");
            await Wait.UntilAsync(() => time.ActiveTimerCount > 0, "the resend timer");
            time.Advance(TimeSpan.FromSeconds(intervalSeconds));
        }

        var ex = Assert.ThrowsAsync<DeviceTimeoutException>(() => query);
        Assert.That(fake.Received, Is.EqualTo(attempts));
        return ex!;
    }

    /// <summary>A misbehaving bridge: answers from another socket, or with the wrong length, or not at all.</summary>
    private sealed class FakeBridge : IDisposable
    {
        private readonly Socket _listen = UdpProbe.NewClient();
        private readonly Socket _other = UdpProbe.NewClient();
        private int _received;
        private int _sent;

        public FakeBridge(bool replyFromOtherSocket, int length)
        {
            _ = Task.Run(async () =>
            {
                var buffer = new byte[256];
                while (true)
                {
                    SocketReceiveFromResult r;
                    try
                    {
                        r = await _listen.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
                    }
                    catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _received);
                    if (length > 0)
                    {
                        await (replyFromOtherSocket ? _other : _listen).SendToAsync(new byte[length], SocketFlags.None, r.RemoteEndPoint);
                        Interlocked.Increment(ref _sent);
                    }
                }
            });
        }

        public IPEndPoint EndPoint => (IPEndPoint)_listen.LocalEndPoint!;

        public int Received => Volatile.Read(ref _received);

        public int Sent => Volatile.Read(ref _sent);

        public void Dispose()
        {
            _listen.Dispose();
            _other.Dispose();
        }
    }
}
