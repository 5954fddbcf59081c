using System;
using System.Collections.Generic;
using System.Globalization;
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

namespace ShureDrivers.Simulator.Internal;

/// <summary>One interface address answered on: a socket on the shared port joined to the group there.</summary>
internal sealed class MdnsLink(DatagramSocket socket, NetworkInterfaceAddress nic, IPEndPoint group)
{
    public DatagramSocket Socket { get; } = socket;

    public NetworkInterfaceAddress Interface { get; } = nic;

    public IPEndPoint Group { get; } = group;

    public static MdnsLink Open(DatagramTransport transport, NetworkInterfaceAddress nic, IPAddress group, IPAddress any, int port)
    {
        var socket = transport.Bind(new IPEndPoint(any, port), new DatagramSocketOptions
        {
            ReuseAddress = true,
            MulticastInterface = nic,
            MulticastLoopback = true,
            ReceiveBufferSize = DnsMessageReader.MaxPacketLength + 1,
        });
        try
        {
            socket.JoinMulticastGroup(group, nic);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new MdnsLink(socket, nic, new IPEndPoint(group, socket.LocalEndPoint.Port));
    }
}
