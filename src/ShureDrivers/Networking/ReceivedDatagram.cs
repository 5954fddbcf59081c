using System;
using System.Net;

namespace ShureDrivers.Networking;

/// <summary>A datagram a <see cref="DatagramSocket"/> received, and who sent it.</summary>
public sealed class ReceivedDatagram
{
    /// <summary>Creates a received datagram.</summary>
    public ReceivedDatagram(ReadOnlyMemory<byte> data, IPEndPoint remoteEndPoint)
    {
        Data = data;
        RemoteEndPoint = remoteEndPoint ?? throw new ArgumentNullException(nameof(remoteEndPoint));
    }

    /// <summary>The bytes (cut to the socket's <see cref="DatagramSocketOptions.ReceiveBufferSize"/>).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The sender's address and port; IPv6 link-local addresses carry their scope (interface index).</summary>
    public IPEndPoint RemoteEndPoint { get; }
}
