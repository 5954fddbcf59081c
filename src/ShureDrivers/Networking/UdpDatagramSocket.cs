using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Networking;

/// <summary>A real UDP socket whose receive loop fills a bounded queue, so receives can be cancelled on every target.</summary>
internal sealed class UdpDatagramSocket : QueuedDatagramSocket
{
    private readonly Socket _socket;
    private readonly byte[] _buffer;

    public UdpDatagramSocket(IPEndPoint localEndPoint, DatagramSocketOptions options)
        : base(options)
    {
        var family = localEndPoint.AddressFamily;
        var level = family == AddressFamily.InterNetworkV6 ? SocketOptionLevel.IPv6 : SocketOptionLevel.IP;
        _buffer = new byte[ReceiveBufferSize];
        _socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Never for port 0: on Linux this sets SO_REUSEPORT, and an ephemeral bind could be handed a taken port.
            if (options.ReuseAddress && localEndPoint.Port != 0)
            {
                _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            _socket.Bind(localEndPoint);
            if (options.SocketReceiveBufferBytes is { } bytes)
            {
                _socket.ReceiveBufferSize = bytes;
            }

            _socket.SetSocketOption(level, SocketOptionName.MulticastTimeToLive, options.MulticastTimeToLive);
            _socket.SetSocketOption(level, SocketOptionName.MulticastLoopback, options.MulticastLoopback);
            if (options.MulticastInterface is { } nic)
            {
                SetMulticastInterface(nic);
            }
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _ = Task.Run(ReceiveLoopAsync); // ends when the socket closes
    }

    public override IPEndPoint LocalEndPoint { get; }

    /// <summary>The OS receive buffer the socket got (Linux reports twice what was asked: its bookkeeping).</summary>
    internal int OsReceiveBufferBytes => _socket.ReceiveBufferSize;

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
#if NETSTANDARD2_0
        var segment = MemoryMarshal.TryGetArray(datagram, out var array) ? array : new ArraySegment<byte>(datagram.ToArray());
        await _socket.SendToAsync(segment, SocketFlags.None, destination).ConfigureAwait(false);
#else
        await _socket.SendToAsync(datagram, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
#endif
    }

    public override void JoinMulticastGroup(IPAddress group, NetworkInterfaceAddress networkInterface)
    {
        ThrowIfDisposed();
        if (group.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group, networkInterface.Index));
        }
        else
        {
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, networkInterface.Address));
        }
    }

    public override void LeaveMulticastGroup(IPAddress group, NetworkInterfaceAddress networkInterface)
    {
        ThrowIfDisposed();
        if (group.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.DropMembership, new IPv6MulticastOption(group, networkInterface.Index));
        }
        else
        {
            // By index: the address may be gone already.
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.DropMembership, new MulticastOption(group, networkInterface.Index));
        }
    }

    public override void SetMulticastInterface(NetworkInterfaceAddress networkInterface)
    {
        ThrowIfDisposed();
        if (_socket.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, networkInterface.Index);
        }
        else
        {
            // IP_MULTICAST_IF takes the address in network order as an int.
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, BitConverter.ToInt32(networkInterface.Address.GetAddressBytes(), 0));
        }
    }

    protected override void Close() => _socket.Dispose();

    private async Task ReceiveLoopAsync()
    {
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!IsDisposed)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(new ArraySegment<byte>(_buffer), SocketFlags.None, any).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.MessageSize or SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
            {
                continue; // an ICMP error from an earlier send, or an over-long datagram (Windows)
            }
            catch (SocketException ex) when (!IsDisposed)
            {
                Fail(ex);
                return;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            Enqueue(_buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint);
        }
    }
}
