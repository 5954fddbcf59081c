using System;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.PacketBridge;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

[Category("Loopback")]
[CancelAfter(20_000)]
public class PacketBridgeResponderTests
{
    private Ani4OutSimulator _sim = null!;
    private PacketBridgeResponder _responder = null!;

    [SetUp]
    public void SetUp()
    {
        _sim = new Ani4OutSimulator(new SimulatorOptions
        {
            ControlAddress = IPAddress.Parse("192.168.10.20"),
            ControlSubnetMask = IPAddress.Parse("255.255.255.0"),
            ControlMac = [0x00, 0x0E, 0xDD, 0x53, 0x99, 0xE0],
        });
        _responder = PacketBridgeResponder.Start(_sim, new IPEndPoint(IPAddress.Loopback, 0));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _responder.DisposeAsync();
        _sim.Dispose();
    }

    [Test]
    public async Task Query_GetsTheFourteenReplyBytes_InNetworkOrder()
    {
        using var client = UdpProbe.NewClient();
        await client.SendToAsync(new byte[] { 0x42 }, SocketFlags.None, _responder.LocalEndPoint);
        var (bytes, from) = await UdpProbe.ReceiveAsync(client);
        Assert.That(from, Is.EqualTo(_responder.LocalEndPoint));
        Assert.That(bytes, Is.EqualTo(new byte[] { 192, 168, 10, 20, 255, 255, 255, 0, 0x00, 0x0E, 0xDD, 0x53, 0x99, 0xE0 }));
        Assert.That(PacketBridgeReply.TryParse(bytes, out var reply), Is.True);
        Assert.That(reply!.ControlAddress, Is.EqualTo(IPAddress.Parse("192.168.10.20")));
        Assert.That(reply.MacAddressText, Is.EqualTo("00:0E:DD:53:99:E0"));
    }

    [TestCase(1)]
    [TestCase(14)]
    [TestCase(140)]
    public async Task QueryOfAllowedSize_IsAnswered(int size)
    {
        using var client = UdpProbe.NewClient();
        await client.SendToAsync(new byte[size], SocketFlags.None, _responder.LocalEndPoint);
        var (bytes, _) = await UdpProbe.ReceiveAsync(client);
        Assert.That(bytes, Has.Length.EqualTo(14));
    }

    [TestCase(0)]
    [TestCase(141)]
    [TestCase(1400)]
    public async Task EmptyOrOverlongQuery_GetsNothing(int size)
    {
        using var client = UdpProbe.NewClient();
        await client.SendToAsync(new byte[size], SocketFlags.None, _responder.LocalEndPoint);
        await WaitUntilAsync(() => _responder.IgnoredCount == 1);

        // A valid query afterwards is the first thing answered.
        await client.SendToAsync(new byte[] { 1, 2, 3 }, SocketFlags.None, _responder.LocalEndPoint);
        var (bytes, _) = await UdpProbe.ReceiveAsync(client);
        Assert.That(bytes, Has.Length.EqualTo(14));
        Assert.That(_responder.AnsweredCount, Is.EqualTo(1));
        Assert.That(client.Available, Is.Zero);
    }

    [Test]
    public async Task ManyClients_EachGetTheirOwnReply()
    {
        var clients = Enumerable.Range(0, 20).Select(_ => UdpProbe.NewClient()).ToList();
        try
        {
            await Task.WhenAll(clients.Select(c => c.SendToAsync(new byte[] { 7 }, SocketFlags.None, _responder.LocalEndPoint)));
            var replies = await Task.WhenAll(clients.Select(UdpProbe.ReceiveAsync));
            Assert.That(replies.All(r => r.Bytes.Length == 14), Is.True);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public void Reply_RejectsWrongSizesAndNonIPv4()
    {
        Assert.That(PacketBridgeReply.TryParse(new byte[13], out _), Is.False);
        Assert.That(PacketBridgeReply.TryParse(new byte[15], out _), Is.False);
        Assert.Throws<ArgumentException>(() => _ = new PacketBridgeReply(IPAddress.IPv6Loopback, IPAddress.Any, PhysicalAddress.None));
        Assert.Throws<ArgumentException>(() => _ = new PacketBridgeReply(IPAddress.Loopback, IPAddress.Any, new PhysicalAddress([1, 2])));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "condition not met in time");
            await Task.Yield();
        }
    }
}
