using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Networking;

/// <summary>
/// One bound datagram socket of a <see cref="DatagramTransport"/>. Datagrams that arrive are queued (a bounded
/// queue, like a socket's receive buffer), so a cancelled receive never loses one. Safe to send from several
/// threads; receive from one.
/// </summary>
public abstract class DatagramSocket : IDisposable
{
    /// <summary>The bound address and port (the real port when 0 was asked for).</summary>
    public abstract IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends one datagram. Best effort, like UDP: nothing says whether it arrived.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">It could not be sent (no route, too long).</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public abstract ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken = default);

    /// <summary>The next datagram received, waiting for one.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The socket can receive no more (the network went away).</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public abstract ValueTask<ReceivedDatagram> ReceiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Receives multicast sent to <paramref name="group"/> on <paramref name="networkInterface"/>.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The group cannot be joined there.</exception>
    public abstract void JoinMulticastGroup(IPAddress group, NetworkInterfaceAddress networkInterface);

    /// <summary>Stops receiving multicast sent to <paramref name="group"/> on <paramref name="networkInterface"/> (when the interface or its address went).</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The group was not joined there, or the interface is gone.</exception>
    public virtual void LeaveMulticastGroup(IPAddress group, NetworkInterfaceAddress networkInterface)
    {
    }

    /// <summary>Sends multicast out of <paramref name="networkInterface"/> only, never by the default route.</summary>
    public abstract void SetMulticastInterface(NetworkInterfaceAddress networkInterface);

    /// <summary>Closes the socket; a pending receive ends with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the socket.</summary>
    protected abstract void Dispose(bool disposing);
}
