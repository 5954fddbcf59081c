using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Networking;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Networking;

/// <summary>The in-memory network behaves like a link: the querier and responder tests rely on each rule here.</summary>
[CancelAfter(10_000)]
public class SimulatedNetworkTests
{
    private static readonly IPAddress Group = IPAddress.Parse("224.0.0.251");
    private static readonly IPAddress GroupV6 = IPAddress.Parse("ff02::fb");

    private SimulatedNetwork _network = null!;
    private SimulatedHost _a = null!;
    private SimulatedHost _b = null!;

    [SetUp]
    public void SetUp()
    {
        _network = new SimulatedNetwork();
        _a = _network.AddHost(IPAddress.Parse("192.168.77.2"));
        _b = _network.AddHost(IPAddress.Parse("192.168.77.3"));
    }

    [Test]
    public void Hosts_HaveLoopbackAndALinkWithIPv4AndIPv6LinkLocal()
    {
        var interfaces = _a.GetInterfaces();
        Assert.That(interfaces.Select(i => i.Name), Is.EqualTo(new[] { "lo", "lo", "sim0", "sim0" }));
        Assert.That(_a.Link.Address, Is.EqualTo(_a.Address));
        Assert.That(_a.LinkV6.IsIPv6LinkLocal, Is.True);
        Assert.That(_a.Link.IsOnLink(_b.Address), Is.True);
        Assert.That(_a.Link.IsOnLink(IPAddress.Parse("192.168.78.3")), Is.False);
        Assert.That(_a.LinkV6.IsOnLink(_b.LinkLocalAddress), Is.True);
    }

    [Test]
    public async Task Unicast_ArrivesFromTheSendersLinkAddressAndPort()
    {
        using var server = _b.Bind(new IPEndPoint(IPAddress.Any, 2203));
        using var client = _a.Bind(new IPEndPoint(IPAddress.Any, 0));
        await client.SendAsync(new byte[] { 1, 2, 3 }, new IPEndPoint(_b.Address, 2203));
        var got = await server.ReceiveAsync();
        Assert.That(got.Data.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(got.RemoteEndPoint, Is.EqualTo(new IPEndPoint(_a.Address, client.LocalEndPoint.Port)));

        await server.SendAsync(new byte[] { 9 }, got.RemoteEndPoint);
        Assert.That((await client.ReceiveAsync()).RemoteEndPoint, Is.EqualTo(new IPEndPoint(_b.Address, 2203)));
    }

    [Test]
    public async Task Unicast_ToNobody_IsDroppedAndCounted()
    {
        using var client = _a.Bind(new IPEndPoint(IPAddress.Any, 0));
        await client.SendAsync(new byte[] { 1 }, new IPEndPoint(_b.Address, 9999));
        await client.SendAsync(new byte[] { 1 }, new IPEndPoint(IPAddress.Parse("192.168.77.50"), 2203));
        Assert.That(_network.DroppedCount, Is.EqualTo(2));
        Assert.That(_network.DeliveredCount, Is.Zero);
    }

    [Test]
    public async Task Loopback_StaysOnItsHost()
    {
        using var onA = _a.Bind(new IPEndPoint(IPAddress.Loopback, 5000));
        using var onB = _b.Bind(new IPEndPoint(IPAddress.Any, 5000));
        using var client = _a.Bind(new IPEndPoint(IPAddress.Any, 0));
        await client.SendAsync(new byte[] { 7 }, new IPEndPoint(IPAddress.Loopback, 5000));
        var got = await onA.ReceiveAsync();
        Assert.That(got.RemoteEndPoint.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(_network.DeliveredCount, Is.EqualTo(1), "host B's socket on the same port got nothing");
    }

    [Test]
    public async Task Multicast_ReachesJoinedSocketsOnThePort_OnEveryHost_IncludingTheSendersUnlessLoopbackIsOff()
    {
        using var joinedA = _a.Bind(new IPEndPoint(IPAddress.Any, 5353), new DatagramSocketOptions { ReuseAddress = true });
        using var joinedB = _b.Bind(new IPEndPoint(IPAddress.Any, 5353), new DatagramSocketOptions { ReuseAddress = true });
        using var notJoined = _b.Bind(new IPEndPoint(IPAddress.Any, 5353), new DatagramSocketOptions { ReuseAddress = true });
        joinedA.JoinMulticastGroup(Group, _a.Link);
        joinedB.JoinMulticastGroup(Group, _b.Link);
        using var sender = _a.Bind(new IPEndPoint(IPAddress.Any, 0), new DatagramSocketOptions { MulticastInterface = _a.Link });
        await sender.SendAsync(new byte[] { 1 }, new IPEndPoint(Group, 5353));
        Assert.That((await joinedA.ReceiveAsync()).RemoteEndPoint.Address, Is.EqualTo(_a.Address));
        Assert.That((await joinedB.ReceiveAsync()).RemoteEndPoint.Address, Is.EqualTo(_a.Address));
        Assert.That(_network.DeliveredCount, Is.EqualTo(2));

        using var quiet = _a.Bind(new IPEndPoint(IPAddress.Any, 0), new DatagramSocketOptions { MulticastLoopback = false });
        await quiet.SendAsync(new byte[] { 2 }, new IPEndPoint(Group, 5353));
        Assert.That((await joinedB.ReceiveAsync()).Data.ToArray(), Is.EqualTo(new byte[] { 2 }));
        Assert.That(_network.DeliveredCount, Is.EqualTo(3), "not looped back to host A");
    }

    [Test]
    public async Task Multicast_OnLoopback_StaysOnTheHost()
    {
        var lo = _a.GetInterfaces().First(i => i.IsLoopback && i.IsIPv4);
        using var listenerA = _a.Bind(new IPEndPoint(IPAddress.Any, 5353), new DatagramSocketOptions { ReuseAddress = true });
        using var listenerB = _b.Bind(new IPEndPoint(IPAddress.Any, 5353), new DatagramSocketOptions { ReuseAddress = true });
        listenerA.JoinMulticastGroup(Group, lo);
        listenerB.JoinMulticastGroup(Group, _b.Link);
        using var sender = _a.Bind(new IPEndPoint(IPAddress.Loopback, 0), new DatagramSocketOptions { MulticastInterface = lo });
        await sender.SendAsync(new byte[] { 1 }, new IPEndPoint(Group, 5353));
        Assert.That((await listenerA.ReceiveAsync()).RemoteEndPoint.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(_network.DeliveredCount, Is.EqualTo(1));
    }

    [Test]
    public async Task IPv6LinkLocalMulticast_ReachesTheOtherHost_WithItsScopedSource()
    {
        using var listener = _b.Bind(new IPEndPoint(IPAddress.IPv6Any, 5353), new DatagramSocketOptions { ReuseAddress = true });
        listener.JoinMulticastGroup(GroupV6, _b.LinkV6);
        using var sender = _a.Bind(new IPEndPoint(IPAddress.IPv6Any, 0), new DatagramSocketOptions { MulticastInterface = _a.LinkV6 });
        await sender.SendAsync(new byte[] { 6 }, new IPEndPoint(GroupV6, 5353));
        var got = await listener.ReceiveAsync();
        Assert.That(got.RemoteEndPoint.Address, Is.EqualTo(_a.LinkLocalAddress));
        Assert.That(got.RemoteEndPoint.Address.ScopeId, Is.EqualTo(_b.LinkV6.Index));

        await listener.SendAsync(new byte[] { 7 }, got.RemoteEndPoint);
        Assert.That((await sender.ReceiveAsync()).RemoteEndPoint.Address, Is.EqualTo(_b.LinkLocalAddress));
    }

    [Test]
    public void Bind_RefusesAnAddressTheHostDoesNotHave_AndATakenPort()
    {
        var notOurs = Assert.Throws<SocketException>(() => _a.Bind(new IPEndPoint(_b.Address, 1000)));
        Assert.That(notOurs!.SocketErrorCode, Is.EqualTo(SocketError.AddressNotAvailable));
        using var first = _a.Bind(new IPEndPoint(IPAddress.Any, 1000));
        var taken = Assert.Throws<SocketException>(() => _a.Bind(new IPEndPoint(_a.Address, 1000)));
        Assert.That(taken!.SocketErrorCode, Is.EqualTo(SocketError.AddressAlreadyInUse));
        using var otherHost = _b.Bind(new IPEndPoint(IPAddress.Any, 1000));
        using var ephemeral1 = _a.Bind(new IPEndPoint(IPAddress.Any, 0));
        using var ephemeral2 = _a.Bind(new IPEndPoint(IPAddress.Any, 0));
        Assert.That(ephemeral1.LocalEndPoint.Port, Is.Not.EqualTo(ephemeral2.LocalEndPoint.Port).And.GreaterThanOrEqualTo(49152));
        first.Dispose();
        using var again = _a.Bind(new IPEndPoint(IPAddress.Any, 1000));
        Assert.That(again.LocalEndPoint.Port, Is.EqualTo(1000), "a closed socket frees its port");
    }

    [Test]
    public async Task Receive_Cancelled_LosesNothing_AndDisposedEndsWithObjectDisposed()
    {
        using var server = _b.Bind(new IPEndPoint(IPAddress.Any, 2203));
        using var client = _a.Bind(new IPEndPoint(IPAddress.Any, 0));
        using (var cts = new CancellationTokenSource())
        {
            var pending = server.ReceiveAsync(cts.Token).AsTask();
            cts.Cancel();
            Assert.That(async () => await pending, Throws.InstanceOf<OperationCanceledException>());
        }

        await client.SendAsync(new byte[] { 5 }, new IPEndPoint(_b.Address, 2203));
        Assert.That((await server.ReceiveAsync()).Data.ToArray(), Is.EqualTo(new byte[] { 5 }));

        var waiting = server.ReceiveAsync().AsTask();
        server.Dispose();
        Assert.That(async () => await waiting, Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(async () => await server.SendAsync(new byte[] { 1 }, client.LocalEndPoint), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task FailReceives_LetsQueuedDatagramsBeRead_ThenThrows_AndNewSocketsWork()
    {
        using var server = _b.Bind(new IPEndPoint(IPAddress.Any, 2203));
        using var client = _a.Bind(new IPEndPoint(IPAddress.Any, 0));
        await client.SendAsync(new byte[] { 1 }, new IPEndPoint(_b.Address, 2203));
        _b.FailReceives(SocketError.NetworkDown);
        Assert.That((await server.ReceiveAsync()).Data.Span[0], Is.EqualTo(1));
        var ex = Assert.CatchAsync<SocketException>(async () => await server.ReceiveAsync());
        Assert.That(ex!.SocketErrorCode, Is.EqualTo(SocketError.NetworkDown));

        await client.SendAsync(new byte[] { 2 }, new IPEndPoint(_b.Address, 2203));
        Assert.That(_network.DroppedCount, Is.EqualTo(1), "a failed socket takes nothing more");
        using var later = _b.Bind(new IPEndPoint(IPAddress.Any, 2204));
        await client.SendAsync(new byte[] { 3 }, new IPEndPoint(_b.Address, 2204));
        Assert.That((await later.ReceiveAsync()).Data.Span[0], Is.EqualTo(3));
    }

    [Test]
    public async Task FullQueue_DropsNewDatagrams_AndLongOnesAreCut()
    {
        using var server = _b.Bind(new IPEndPoint(IPAddress.Any, 2203), new DatagramSocketOptions { ReceiveQueueLength = 2, ReceiveBufferSize = 4 });
        using var client = _a.Bind(new IPEndPoint(IPAddress.Any, 0));
        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync(new byte[] { (byte)i, 0, 0, 0, 0, 0 }, new IPEndPoint(_b.Address, 2203));
        }

        Assert.That((await server.ReceiveAsync()).Data.ToArray(), Is.EqualTo(new byte[] { 0, 0, 0, 0 }));
        Assert.That((await server.ReceiveAsync()).Data.Span[0], Is.EqualTo(1));
        Assert.That(_network.DeliveredCount, Is.EqualTo(2));
        Assert.That(_network.DroppedCount, Is.EqualTo(3));
        Assert.That(async () => await client.SendAsync(new byte[SimulatedNetwork.MaxDatagramLength + 1], new IPEndPoint(_b.Address, 2203)), Throws.InstanceOf<SocketException>());
    }

    [Test]
    public async Task Filter_Drops_AndInject_SendsFromAnyAddress()
    {
        using var server = _b.Bind(new IPEndPoint(IPAddress.Any, 2203));
        using var client = _a.Bind(new IPEndPoint(IPAddress.Any, 0));
        _network.Filter = d => d.Data.Span[0] != 0xFF;
        await client.SendAsync(new byte[] { 0xFF }, new IPEndPoint(_b.Address, 2203));
        await client.SendAsync(new byte[] { 0x01 }, new IPEndPoint(_b.Address, 2203));
        Assert.That((await server.ReceiveAsync()).Data.Span[0], Is.EqualTo(0x01));

        var stranger = new IPEndPoint(IPAddress.Parse("10.9.9.9"), 4444);
        _network.Inject(stranger, new IPEndPoint(_b.Address, 2203), new byte[] { 0x02 });
        Assert.That((await server.ReceiveAsync()).RemoteEndPoint, Is.EqualTo(stranger));
        Assert.That(_network.DroppedCount, Is.EqualTo(1));
    }

    [Test]
    public void AddHost_RefusesAddressesOutsideTheSubnetOrTaken()
    {
        Assert.Throws<ArgumentException>(() => _network.AddHost(IPAddress.Parse("192.168.78.2")));
        Assert.Throws<ArgumentException>(() => _network.AddHost(IPAddress.Parse("192.168.77.0")));
        Assert.Throws<ArgumentException>(() => _network.AddHost(IPAddress.Parse("192.168.77.255")));
        Assert.Throws<ArgumentException>(() => _network.AddHost(IPAddress.Parse("192.168.77.2")));
        Assert.Throws<ArgumentException>(() => _network.AddHost(IPAddress.IPv6Loopback));
        Assert.Throws<ArgumentException>(() => _ = new SimulatedNetwork(IPAddress.Parse("10.0.0.0"), 31));
    }
}
