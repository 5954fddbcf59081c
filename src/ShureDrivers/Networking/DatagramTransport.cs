using System;
using System.Collections.Generic;
using System.Net;

namespace ShureDrivers.Networking;

/// <summary>
/// The UDP seam under discovery, the packet-bridge client and the simulator's responders: the interfaces a host
/// has and sockets bound on them. <see cref="UdpDatagramTransport"/> is real UDP (the default everywhere); the
/// simulator's <c>SimulatedNetwork</c> is an in-memory network for tests.
/// </summary>
public abstract class DatagramTransport
{
    /// <summary>The host's interface addresses that are up (and loopback), IPv4 and IPv6.</summary>
    public abstract IReadOnlyList<NetworkInterfaceAddress> GetInterfaces();

    /// <summary>
    /// Raised when an interface or address may have appeared or gone: a hint to read <see cref="GetInterfaces"/>
    /// again. Transports that cannot tell never raise it, so users also re-read periodically. May be raised on any
    /// thread.
    /// </summary>
    public virtual event EventHandler? InterfacesChanged
    {
        add { }
        remove { }
    }

    /// <summary>Binds a datagram socket to <paramref name="localEndPoint"/> (port 0: an ephemeral port).</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The address is not the host's, or the port is taken.</exception>
    public abstract DatagramSocket Bind(IPEndPoint localEndPoint, DatagramSocketOptions? options = null);
}
