using System.Net;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Networking;

namespace ShureDrivers.Simulator.Internal;

/// <summary>One interface address answered on: a socket on the shared port joined to the group there.</summary>
internal sealed class MdnsLink(DatagramSocket socket, NetworkInterfaceAddress nic, IPEndPoint group)
{
    private volatile NetworkInterfaceAddress _interface = nic;

    public DatagramSocket Socket { get; } = socket;

    /// <summary>The interface address answered on; it changes when the interface is given a new address.</summary>
    public NetworkInterfaceAddress Interface => _interface;

    public IPEndPoint Group { get; } = group;

    /// <summary>Answers on <paramref name="nic"/> from now on: multicast leaves by it and the group is joined there.</summary>
    public void MoveTo(NetworkInterfaceAddress nic)
    {
        _interface = nic;
        Socket.SetMulticastInterface(nic);
    }

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
