using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Discovery;

/// <summary>
/// Browsing and answering while addresses come and go, over a veth pair this fixture creates in the private
/// network namespace (<see cref="IsolatedNetwork.ChangingA"/> 192.168.98.1 ↔ <see cref="IsolatedNetwork.ChangingB"/>
/// 192.168.98.2) and deletes again. Nothing reaches a real network.
/// </summary>
[CancelAfter(60_000)]
public class NetworkChangeMulticastTests : MulticastFixture
{
    private const string BrowserAddress = "192.168.98.1/24";
    private const string DeviceAddress = "192.168.98.2/24";
    private static readonly IPAddress DeviceIp = IPAddress.Parse("192.168.98.2");

    [SetUp]
    public void SetUp()
    {
        IsolatedNetwork.RequireIsolation();
        IsolatedNetwork.Ip($"link add {IsolatedNetwork.ChangingA} type veth peer name {IsolatedNetwork.ChangingB}");
        IsolatedNetwork.Ip($"addr add {DeviceAddress} dev {IsolatedNetwork.ChangingB}");
        IsolatedNetwork.Ip($"link set {IsolatedNetwork.ChangingA} up");
        IsolatedNetwork.Ip($"link set {IsolatedNetwork.ChangingB} up");
    }

    [TearDown]
    public void TearDown()
    {
        if (IsolatedNetwork.IsIsolated)
        {
            IsolatedNetwork.Ip($"link del {IsolatedNetwork.ChangingA}");
        }
    }

    [TestCase(60, TestName = "Browse_FindsDevicesOnAnAddressAddedAfterStart_AndLosesThemWhenItGoes_ByNotification")]
    [TestCase(1, TestName = "Browse_FindsDevicesOnAnAddressAddedAfterStart_AndLosesThemWhenItGoes_ByRescan")]
    public async Task Browse_FollowsTheAddress(int rescanSeconds)
    {
        await using var fleet = StartFleet();
        using var logs = new TestLogs();
        var options = new DiscoveryOptions { IPv6 = false, LoggerFactory = logs.Factory, InterfaceRescanInterval = TimeSpan.FromSeconds(rescanSeconds) };
        options.Interfaces.Add(IsolatedNetwork.ChangingA); // up, but no IPv4 address yet
        await using var browsing = Browsing.Start(options, TimeSpan.FromSeconds(45));
        var events = browsing.Events;

        await Wait.UntilAsync(() => logs.MessagesFor(ShureEventIds.DiscoveryInterfacesChanged).Any(), "the browser to start");
        Assert.That(logs.MessagesFor(ShureEventIds.DiscoveryInterfacesChanged).First(), Does.Contain("no interface"));

        IsolatedNetwork.Ip($"addr add {BrowserAddress} dev {IsolatedNetwork.ChangingA}");
        await Wait.UntilAsync(() => events.Any(e => e.Kind == DeviceEventKind.Appeared), "the device, found on the new address");
        var found = events.First(e => e.Kind == DeviceEventKind.Appeared).Device;
        Assert.That(found.Addresses, Is.EqualTo(new[] { DeviceIp }));

        IsolatedNetwork.Ip($"addr del {BrowserAddress} dev {IsolatedNetwork.ChangingA}");
        await Wait.UntilAsync(() => events.Any(e => e.Kind == DeviceEventKind.Gone), "the device gone with the address");
    }

    [Test]
    public async Task Responder_WhoseAddressComesBack_AnnouncesAgain()
    {
        IsolatedNetwork.Ip($"addr add {BrowserAddress} dev {IsolatedNetwork.ChangingA}");
        var listenOn = UdpDatagramTransportAddress(IsolatedNetwork.ChangingA);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Any, 5353));
        listener.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(IPAddress.Parse("224.0.0.251"), listenOn));
        var announcements = new ConcurrentQueue<DateTime>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var listening = Task.Run(async () =>
        {
            var buffer = new byte[9000];
            try
            {
                while (true)
                {
                    var r = await listener.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stop.Token);
                    if (((IPEndPoint)r.RemoteEndPoint).Address.Equals(DeviceIp)
                        && DnsMessageReader.TryRead(buffer.AsSpan(0, r.ReceivedBytes), out var m, out _) && m.IsResponse && m.Answers.Any(a => a.Ttl > 0))
                    {
                        announcements.Enqueue(DateTime.UtcNow);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        using var logs = new TestLogs();
        await using var fleet = StartFleet(announce: true, logs: logs);
        await fleet.Mdns!.WhenReady.WaitAsync(TestTimeouts.Signal);
        await Wait.UntilAsync(() => announcements.Count >= 2, "the start-up announcements");

        IsolatedNetwork.Ip($"addr del {DeviceAddress} dev {IsolatedNetwork.ChangingB}");
        await Wait.UntilAsync(() => logs.MessagesFor(SimulatorEventIds.MdnsLinkChanged).Any(m => m.Contains("gone", StringComparison.Ordinal)), "the responder to see its address go");
        var before = announcements.Count;
        IsolatedNetwork.Ip($"addr add {DeviceAddress} dev {IsolatedNetwork.ChangingB}");
        await Wait.UntilAsync(() => announcements.Count > before, "an announcement once the address is back");
        stop.Cancel();
        await listening;
    }

    [Test]
    public async Task Responder_WhoseInterfaceGetsANewAddress_AnnouncesTheDevicesThere()
    {
        IsolatedNetwork.Ip($"addr add {BrowserAddress} dev {IsolatedNetwork.ChangingA}");
        using var listener = new UdpClient();
        listener.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Client.Bind(new IPEndPoint(IPAddress.Any, 5353));
        listener.JoinMulticastGroup(IPAddress.Parse("224.0.0.251"), IPAddress.Parse(BrowserAddress.Split('/')[0]));
        var newAddress = IPAddress.Parse("192.168.98.3");
        var seen = new ConcurrentQueue<IPAddress>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var listening = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var r = await listener.ReceiveAsync(stop.Token);
                    if (DnsMessageReader.TryRead(r.Buffer, out var m, out _) && m.IsResponse)
                    {
                        foreach (var a in m.Answers.Where(a => a.Type == DnsType.A && a.Ttl > 0))
                        {
                            seen.Enqueue(a.Address!);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        // Devices that listen on every address are advertised at the interface's address, whatever it is.
        using var logs = new TestLogs();
        await using var fleet = Ani4OutFleet.Start(new FleetOptions
        {
            DeviceCount = 1,
            UsePorts = true,
            BindAddress = IPAddress.Any,
            PacketBridge = false,
            Mdns = new MdnsResponderOptions { InterfaceAddress = DeviceIp, IPv6 = false, Probe = false, InterfaceRescanInterval = TimeSpan.FromSeconds(1), LoggerFactory = logs.Factory },
        });
        await fleet.Mdns!.WhenReady.WaitAsync(TestTimeouts.Signal);
        await Wait.UntilAsync(() => seen.Contains(DeviceIp), "the announcement at the first address");

        IsolatedNetwork.Ip($"addr del {DeviceAddress} dev {IsolatedNetwork.ChangingB}");
        IsolatedNetwork.Ip($"addr add {newAddress}/24 dev {IsolatedNetwork.ChangingB}");
        await Wait.UntilAsync(() => seen.Contains(newAddress), "an announcement at the new address");
        Assert.That(fleet.Mdns.Interfaces[0].Address, Is.EqualTo(newAddress));
        Assert.That(logs.MessagesFor(SimulatorEventIds.MdnsLinkChanged).Any(m => m.Contains("new address", StringComparison.Ordinal)), Is.True);
        stop.Cancel();
        await listening;
    }

    private static Ani4OutFleet StartFleet(bool announce = false, TestLogs? logs = null) => Ani4OutFleet.Start(new FleetOptions
    {
        DeviceCount = 1,
        UsePorts = true,
        BindAddress = DeviceIp,
        PacketBridge = false,
        Mdns = new MdnsResponderOptions
        {
            InterfaceAddress = DeviceIp,
            IPv6 = false,
            Probe = false,
            Announce = announce,
            InterfaceRescanInterval = TimeSpan.FromSeconds(1),
            LoggerFactory = logs?.Factory,
        },
    });

    private static int UdpDatagramTransportAddress(string name) =>
        ShureDrivers.Networking.UdpDatagramTransport.Instance.GetInterfaces().First(i => i.Name == name && i.IsIPv4).Index;
}
