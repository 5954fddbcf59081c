using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using ShureDrivers.Internal;
using ShureDrivers.Networking;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

/// <summary>
/// An in-memory network link for tests: hosts (<see cref="AddHost"/>) each get a <see cref="DatagramTransport"/>
/// with a loopback interface and one link interface (IPv4 and an IPv6 link-local address). Unicast, multicast
/// and loopback are delivered as on a real link, at once and in order, without sockets, so querier ↔ responder
/// and packet-bridge tests are deterministic. A <see cref="Filter"/> drops chosen datagrams and
/// <see cref="Inject"/> sends one from any address (a wrong source, a stranger).
/// </summary>
/// <remarks>
/// Unicast to a port that several sockets share goes to the one bound last. Nothing is ever sent on a real interface.
/// </remarks>
public sealed class SimulatedNetwork
{
    /// <summary>The longest UDP payload over IPv4.</summary>
    public const int MaxDatagramLength = 65507;

    internal const int LoopbackIndex = 1;
    internal const int LinkIndex = 2;

    private readonly List<SimulatedHost> _hosts = [];
    private readonly byte[] _prefix;
    private long _delivered;
    private long _dropped;

    /// <summary>Creates a link with the IPv4 subnet <paramref name="subnet"/>/<paramref name="prefixLength"/> (192.168.77.0/24 by default).</summary>
    /// <exception cref="ArgumentException">Not an IPv4 subnet, or a prefix length outside 8..30.</exception>
    public SimulatedNetwork(IPAddress? subnet = null, int prefixLength = 24)
    {
        subnet ??= IPAddress.Parse("192.168.77.0");
        if (subnet.AddressFamily != AddressFamily.InterNetwork || prefixLength is < 8 or > 30)
        {
            throw new ArgumentException("The subnet is an IPv4 network with a prefix length of 8..30.", nameof(subnet));
        }

        _prefix = subnet.GetAddressBytes();
        PrefixLength = prefixLength;
        Subnet = subnet;
    }

    internal object Gate { get; } = new();

    /// <summary>The link's IPv4 subnet.</summary>
    public IPAddress Subnet { get; }

    /// <summary>The subnet's prefix length.</summary>
    public int PrefixLength { get; }

    /// <summary>Called for every datagram before delivery (on the sender's thread); return false to drop it.</summary>
    public Func<SimulatedDatagram, bool>? Filter { get; set; }

    /// <summary>Datagrams handed to a socket.</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    /// <summary>Datagrams dropped: by the filter, to an address or port nobody holds, or into a full queue.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Every socket on the link has handled what reached it (<see cref="QueuedDatagramSocket.IsIdle"/>): for tests that drive a fake clock.</summary>
    internal bool IsQuiet
    {
        get
        {
            lock (Gate)
            {
                return _hosts.TrueForAll(h => h.Sockets.All(s => s.IsIdle));
            }
        }
    }

    /// <summary>Adds a host with the link address <paramref name="address"/>.</summary>
    /// <exception cref="ArgumentException">The address is outside the subnet, the network or broadcast address, or taken.</exception>
    public SimulatedHost AddHost(IPAddress address)
    {
        Guard.NotNull(address, nameof(address));
        var bytes = address.GetAddressBytes();
        var host = HostPart(bytes);
        var hostBits = 32 - PrefixLength;
        if (address.AddressFamily != AddressFamily.InterNetwork || !InSubnet(bytes) || host == 0 || host == (1u << hostBits) - 1)
        {
            throw new ArgumentException($"{address} is not a host address in {Subnet}/{PrefixLength}.", nameof(address));
        }

        lock (Gate)
        {
            if (_hosts.Any(h => h.Address.Equals(address)))
            {
                throw new ArgumentException($"{address} is already on the network.", nameof(address));
            }

            var added = new SimulatedHost(this, address);
            _hosts.Add(added);
            return added;
        }
    }

    /// <summary>Delivers <paramref name="data"/> as if <paramref name="source"/> had sent it on the link (any address, on-link or not).</summary>
    public void Inject(IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> data)
    {
        Guard.NotNull(source, nameof(source));
        Guard.NotNull(destination, nameof(destination));
        Deliver(null, LinkIndex, source, destination, data.ToArray(), loopBackToSender: false);
    }

    internal void Deliver(SimulatedHost? sender, int egressIndex, IPEndPoint source, IPEndPoint destination, byte[] data, bool loopBackToSender)
    {
        if (Filter is { } filter && !filter(new SimulatedDatagram(source, destination, data)))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        var receivers = new List<SimulatedSocket>();
        lock (Gate)
        {
            var group = destination.Address;
            if (group.IsMulticast())
            {
                var hosts = egressIndex == LoopbackIndex ? [sender!] : _hosts.Where(h => h.LinkUp && (h != sender || loopBackToSender));
                receivers.AddRange(hosts.SelectMany(h => h.Sockets).Where(s => s.Accepts(destination) && s.HasJoined(group, egressIndex)));
            }
            else
            {
                var target = IPAddress.IsLoopback(destination.Address) ? sender : _hosts.FirstOrDefault(h => h.Owns(destination.Address));
                var last = target?.Sockets.LastOrDefault(s => s.Accepts(destination));
                if (last is not null)
                {
                    receivers.Add(last);
                }
            }
        }

        if (receivers.Count == 0)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        foreach (var socket in receivers)
        {
            if (socket.Enqueue(data, source))
            {
                Interlocked.Increment(ref _delivered);
            }
            else
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    internal bool InSubnet(byte[] address) =>
        address.Length == 4 && (ToUInt32(address) & Mask) == (ToUInt32(_prefix) & Mask);

    private uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);

    private uint HostPart(byte[] address) => address.Length == 4 ? ToUInt32(address) & ~Mask : 0;

    private static uint ToUInt32(byte[] b) => ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
}
