using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Internal;
using ShureDrivers.Networking;

namespace ShureDrivers.Discovery;

/// <summary>
/// The browser's sockets on the shared mDNS port: one per address family, bound on first need, joined to the group
/// on each chosen interface address and left when that address goes. Used from one task at a time; the current
/// interfaces may be read from any thread.
/// </summary>
internal sealed class BrowserSockets : IDisposable
{
    // A query on a busy link is answered by every device at once (250 answers within milliseconds); a queue the
    // size of a socket's default would drop most of them. Bounded: at most this many datagrams wait.
    private const int ReceiveQueueLength = 4096;

    // The kernel's share of the same burst: 250 answers, each twice its size in buffer accounting, overflow the
    // default 208 KiB (measured: docs/performance.md).
    private const int SocketBufferBytes = 1 << 20;

    private readonly MdnsQuerier _querier;
    private readonly int _port;
    private readonly Action<DatagramSocket> _started;
    private readonly Dictionary<AddressFamily, (DatagramSocket Socket, IPEndPoint Group)> _sockets = [];
    private volatile List<NetworkInterfaceAddress> _interfaces = [];

    public BrowserSockets(MdnsQuerier querier, int port, Action<DatagramSocket> started)
    {
        _querier = querier;
        _port = port;
        _started = started;
    }

    /// <summary>The interface addresses browsed now.</summary>
    public IReadOnlyList<NetworkInterfaceAddress> Interfaces => _interfaces;

    public bool IsOnLink(IPAddress source) => _interfaces.Any(n => n.IsOnLink(source));

    /// <summary>
    /// Re-reads the interfaces; joins new addresses and leaves those that went. True when the set changed.
    /// <paramref name="strict"/> (the first call) throws what binding throws; later calls log and retry next time.
    /// </summary>
    public bool Update(bool strict)
    {
        var wanted = _querier.SelectInterfaces(lenient: true);
        var current = _interfaces;
        var removed = current.Where(c => !wanted.Any(w => Same(c, w))).ToList();
        var added = wanted.Where(w => !current.Any(c => Same(c, w))).ToList();
        foreach (var nic in removed)
        {
            if (_sockets.TryGetValue(nic.Address.AddressFamily, out var s))
            {
                try
                {
                    s.Socket.LeaveMulticastGroup(s.Group.Address, nic);
                }
                catch (SocketException)
                {
                    // The interface took the membership with it.
                }
            }
        }

        var joined = new List<NetworkInterfaceAddress>();
        foreach (var nic in added)
        {
            try
            {
                var (socket, group) = SocketFor(nic);
                try
                {
                    socket.JoinMulticastGroup(group.Address, nic);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    // Joined already on this interface (through an address it had before).
                }

                joined.Add(nic);
            }
            catch (SocketException ex) when (!strict)
            {
                Log.DiscoverySendFailed(_querier.Logger, nic.Name, ex);
            }
        }

        _interfaces = current.Where(c => !removed.Contains(c)).Concat(joined).ToList();
        return removed.Count > 0 || joined.Count > 0;
    }

    /// <summary>The socket and group for <paramref name="nic"/>'s family, or null when none is bound.</summary>
    public (DatagramSocket Socket, IPEndPoint Group)? Find(NetworkInterfaceAddress nic) =>
        _sockets.TryGetValue(nic.Address.AddressFamily, out var s) ? s : null;

    public void Dispose()
    {
        foreach (var s in _sockets.Values)
        {
            s.Socket.Dispose();
        }
    }

    private (DatagramSocket Socket, IPEndPoint Group) SocketFor(NetworkInterfaceAddress nic)
    {
        var family = nic.Address.AddressFamily;
        if (!_sockets.TryGetValue(family, out var s))
        {
            var group = _querier.QueryTargetFor(nic)!.Address;
            var any = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            var socket = _querier.Options.Transport.Bind(new IPEndPoint(any, _port), new DatagramSocketOptions { ReuseAddress = true, ReceiveBufferSize = DnsMessageReader.MaxPacketLength + 1, ReceiveQueueLength = ReceiveQueueLength, SocketReceiveBufferBytes = SocketBufferBytes });
            s = (socket, new IPEndPoint(group, _port));
            _sockets.Add(family, s);
            _started(socket);
        }

        return s;
    }

    private static bool Same(NetworkInterfaceAddress a, NetworkInterfaceAddress b) =>
        a.Name == b.Name && a.Index == b.Index && a.PrefixLength == b.PrefixLength && a.Address.Equals(b.Address);
}
