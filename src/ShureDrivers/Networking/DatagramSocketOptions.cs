namespace ShureDrivers.Networking;

/// <summary>How a <see cref="DatagramSocket"/> is set up.</summary>
public sealed class DatagramSocketOptions
{
    /// <summary>Share a fixed port with other sockets (mDNS's 5353 next to Avahi or Bonjour). Ignored for port 0.</summary>
    public bool ReuseAddress { get; set; }

    /// <summary>The interface multicast leaves by; null: set later with <see cref="DatagramSocket.SetMulticastInterface"/>.</summary>
    public NetworkInterfaceAddress? MulticastInterface { get; set; }

    /// <summary>IPv4 TTL or IPv6 hop limit of multicast sent; mDNS uses 255.</summary>
    public int MulticastTimeToLive { get; set; } = 255;

    /// <summary>Deliver our own multicast back to sockets on this host (other responders on the machine).</summary>
    public bool MulticastLoopback { get; set; } = true;

    /// <summary>The longest datagram kept; a longer one arrives cut to this length (as on Linux).</summary>
    public int ReceiveBufferSize { get; set; } = 9001;

    /// <summary>
    /// The operating system's receive buffer in bytes (SO_RCVBUF; the OS may cap it): room for a burst that arrives
    /// faster than it is read, such as hundreds of devices answering one browse. Null: the OS default.
    /// </summary>
    public int? SocketReceiveBufferBytes { get; set; }

    /// <summary>How many received datagrams wait to be read; beyond that, new ones are dropped (as a full socket buffer does).</summary>
    public int ReceiveQueueLength { get; set; } = 256;
}
