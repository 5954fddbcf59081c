using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Discovery;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Internal;
using ShureDrivers.Networking;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

/// <summary>
/// A small RFC 6762/6763 responder for simulated devices: <c>ANI4OUT-aabbcc.local</c> (A record) and DNS-SD
/// records for <c>_http._tcp</c> and, optionally, <c>_shure._tcp</c>. Answers multicast (QM and QU) and legacy
/// unicast queries, probes its names before use and defends them, announces at start and says goodbye at stop.
/// Multicast is pinned to <see cref="MdnsResponderOptions.InterfaceAddress"/> (loopback by default), over IPv4 and,
/// when that interface has a link-local address, IPv6 (<c>ff02::fb</c>); only on-link sources are answered.
/// </summary>
/// <remarks>Parts: this file holds the sockets' set-up and the lifetime; <c>.Network.cs</c> following the interface
/// address; <c>.Probing.cs</c> probing, announcing and
/// conflicts; <c>.Answering.cs</c> the receive loop and answers; <c>.Sending.cs</c> sending and the own-packet
/// filter; <c>Internal/MdnsAdvertisement.cs</c> each device's records; <c>Internal/MdnsLink.cs</c> one socket.</remarks>
public sealed partial class MdnsResponder : IAsyncDisposable
{
    private const int MaxPacket = 1400;
    private const int MaxRenames = 10;
    private static readonly IPAddress Group = ShureDeviceDiscovery.MdnsGroupIPv4;
    private static readonly IPAddress GroupV6 = ShureDeviceDiscovery.MdnsGroupIPv6;

    private readonly object _gate = new();
    private readonly MdnsResponderOptions _options;
    private readonly List<MdnsAdvertisement> _devices;
    private readonly List<MdnsLink> _links = [];
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<long> _sentHashes = new();
    private readonly Random _random;
    private readonly Task[] _receiveLoops;
    private readonly DatagramTransport _transport;
    private Task _probeLoop = Task.CompletedTask;
    private long _malformed;
    private long _answered;
    private int _disposed;

    private MdnsResponder(IEnumerable<SimulatedDevice> devices, MdnsResponderOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(SimulatorLog.Category);
        var address = options.InterfaceAddress;
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The responder answers on an IPv4 interface address.", nameof(options));
        }

        var transport = _transport = options.Transport ?? UdpDatagramTransport.Instance;
        var interfaces = transport.GetInterfaces();
        var nic = interfaces.FirstOrDefault(i => i.IsIPv4 && i.Address.Equals(address))
            ?? (IPAddress.IsLoopback(address) ? new NetworkInterfaceAddress("lo", 0, address, 8, isLoopback: true, supportsMulticast: false) : null)
            ?? throw new ArgumentException($"No local interface has the address {address}.", nameof(options));

        // Without probing, names are ours from the start.
        _devices = devices.Select(d => new MdnsAdvertisement(d, options, nic.Address) { Established = !options.Probe }).ToList();

        // RFC 6762 §6.2: only addresses valid on the link. 127.10.0.k on eth0 would send every querier nowhere.
        // (An in-memory network may name loopback: its tests reach the devices over loopback TCP.)
        if (transport is UdpDatagramTransport && !nic.IsLoopback && _devices.SelectMany(d => d.AdvertisedAddresses().Select(a => (d, a))).FirstOrDefault(x => !x.a.Equals(IPAddress.Any) && !nic.IsOnLink(x.a)) is ({ } offLink, { } where))
        {
            throw new ArgumentException(
                $"{offLink.Host} listens on {where}, which hosts on {nic} cannot reach: start the devices on that link (UsePorts with BindAddress {nic.Address}, or 0.0.0.0).",
                nameof(options));
        }
        try
        {
            // Share a fixed port (5353) with other responders on the machine; multicast leaves through the chosen
            // interface only, never a default route.
            _links.Add(MdnsLink.Open(transport, nic, Group, IPAddress.Any, options.Port));
            var v6 = options.IPv6 && !nic.IsLoopback ? interfaces.FirstOrDefault(i => i.IsIPv6LinkLocal && i.Name == nic.Name) : null;
            if (v6 is not null)
            {
                _links.Add(MdnsLink.Open(transport, v6, GroupV6, IPAddress.IPv6Any, _links[0].Socket.LocalEndPoint.Port));
            }
        }
        catch
        {
            _links.ForEach(l => l.Socket.Dispose());
            throw;
        }

        LocalEndPoint = _links[0].Socket.LocalEndPoint;
        _receiveLoops = _links.Select(l => Task.Run(() => ReceiveLoopAsync(l))).ToArray();
    }

    /// <summary>The local port (the real one when 0 was asked for) on any address.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Completes when every name has been probed and announced (at once when both are off).</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>The host names in use (without <c>.local</c>); a name taken by another host is replaced by <c>name-2</c> and so on.</summary>
    public IReadOnlyList<string> HostNames
    {
        get
        {
            lock (_gate)
            {
                return _devices.Select(d => d.Host).ToList();
            }
        }
    }

    /// <summary>The interface addresses answered on: the IPv4 one, and its IPv6 link-local one when <see cref="MdnsResponderOptions.IPv6"/> found it.</summary>
    public IReadOnlyList<NetworkInterfaceAddress> Interfaces => _links.Select(l => l.Interface).ToList();

    /// <summary>Packets dropped as malformed.</summary>
    public long MalformedPacketCount => Interlocked.Read(ref _malformed);

    /// <summary>Queries answered.</summary>
    public long AnsweredQueryCount => Interlocked.Read(ref _answered);

    /// <summary>Starts advertising <paramref name="devices"/>.</summary>
    /// <exception cref="SocketException">The port or the multicast group cannot be joined on the interface.</exception>
    public static MdnsResponder Start(IEnumerable<SimulatedDevice> devices, MdnsResponderOptions? options = null)
    {
        Guard.NotNull(devices, nameof(devices));
        var responder = new MdnsResponder(devices, options ?? new MdnsResponderOptions());
        responder._probeLoop = Task.Run(responder.ProbeAndAnnounceAsync);
        responder.FollowNetwork();
        return responder;
    }

    /// <summary>Sends goodbyes (TTL 0) for announced records, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        StopFollowingNetwork();
        try
        {
            await _probeLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped while probing.
        }

        if (_options.Announce)
        {
            List<DnsRecord> goodbyes;
            lock (_gate)
            {
                goodbyes = Distinct(_devices.Where(d => d.Established).SelectMany(d => d.Records())).Select(r => r.WithTtl(0)).ToList();
            }

            await SendResponsesAsync(goodbyes, MulticastAsync).ConfigureAwait(false);
        }

        _links.ForEach(l => l.Socket.Dispose());
        await Task.WhenAll(_receiveLoops).ConfigureAwait(false);
        _ready.TrySetCanceled();
        _stop.Dispose();
    }
}
