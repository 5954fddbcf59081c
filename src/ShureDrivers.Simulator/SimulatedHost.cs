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
/// One host on a <see cref="SimulatedNetwork"/>, seen as a <see cref="DatagramTransport"/>: loopback <c>lo</c>
/// (127.0.0.1/8, ::1) and the link <c>sim0</c> (its IPv4 address and an IPv6 link-local address). Pass it as the
/// transport of discovery, the packet-bridge client or the simulator's responders.
/// </summary>
public sealed class SimulatedHost : DatagramTransport
{
    /// <summary>The link interface's name.</summary>
    public const string LinkName = "sim0";

    private const int FirstEphemeralPort = 49152;
    private readonly SimulatedNetwork _network;
    private readonly List<SimulatedSocket> _sockets = [];
    private readonly NetworkInterfaceAddress[] _interfaces;
    private int _nextPort = FirstEphemeralPort;
    private int _linkUp = 1;

    internal SimulatedHost(SimulatedNetwork network, IPAddress address)
    {
        _network = network;
        Address = address;
        var b = address.GetAddressBytes();
        LinkLocalAddress = new IPAddress([0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b[0], b[1], b[2], b[3]], SimulatedNetwork.LinkIndex);
        _interfaces =
        [
            new NetworkInterfaceAddress("lo", SimulatedNetwork.LoopbackIndex, IPAddress.Loopback, 8, isLoopback: true, supportsMulticast: false),
            new NetworkInterfaceAddress("lo", SimulatedNetwork.LoopbackIndex, IPAddress.IPv6Loopback, 128, isLoopback: true, supportsMulticast: false),
            new NetworkInterfaceAddress(LinkName, SimulatedNetwork.LinkIndex, address, network.PrefixLength, isLoopback: false, supportsMulticast: true),
            new NetworkInterfaceAddress(LinkName, SimulatedNetwork.LinkIndex, LinkLocalAddress, 64, isLoopback: false, supportsMulticast: true),
        ];
    }

    /// <summary>The host's IPv4 address on the link.</summary>
    public IPAddress Address { get; }

    /// <summary>The host's IPv6 link-local address on the link (scope: the link's index).</summary>
    public IPAddress LinkLocalAddress { get; }

    /// <summary>The link interface's IPv4 address, as discovery and the responders name interfaces.</summary>
    public NetworkInterfaceAddress Link => _interfaces[2];

    /// <summary>The link interface's IPv6 link-local address.</summary>
    public NetworkInterfaceAddress LinkV6 => _interfaces[3];

    internal IEnumerable<SimulatedSocket> Sockets => _sockets;

    /// <summary>
    /// Whether the link interface has its addresses (true at first). Taking it down removes them from
    /// <see cref="GetInterfaces"/>: nothing is delivered to or sent from them until it comes back, and
    /// <see cref="InterfacesChanged"/> is raised each time it changes, as on a link flap or a lost DHCP lease.
    /// </summary>
    public bool LinkUp
    {
        get => Volatile.Read(ref _linkUp) == 1;
        set
        {
            if (Interlocked.Exchange(ref _linkUp, value ? 1 : 0) != (value ? 1 : 0))
            {
                InterfacesChanged?.Invoke(this, EventArgs.Empty);
            }
        }
    }

    /// <inheritdoc />
    public override event EventHandler? InterfacesChanged;

    /// <inheritdoc />
    public override IReadOnlyList<NetworkInterfaceAddress> GetInterfaces() => LinkUp ? _interfaces : _interfaces.Where(i => i.IsLoopback).ToList();

    /// <inheritdoc />
    public override DatagramSocket Bind(IPEndPoint localEndPoint, DatagramSocketOptions? options = null)
    {
        Guard.NotNull(localEndPoint, nameof(localEndPoint));
        options ??= new DatagramSocketOptions();
        var address = localEndPoint.Address;
        var isAny = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
        if (!isAny && !Owns(address))
        {
            throw new SocketException((int)SocketError.AddressNotAvailable);
        }

        lock (_network.Gate)
        {
            var port = localEndPoint.Port;
            if (port == 0)
            {
                port = FreePort(localEndPoint.AddressFamily);
            }
            else if (_sockets.Any(s => s.Family == localEndPoint.AddressFamily && s.Port == port && (s.IsAny || isAny || s.Address.Equals(address.WithoutScope())) && !(s.ReuseAddress && options.ReuseAddress)))
            {
                throw new SocketException((int)SocketError.AddressAlreadyInUse);
            }

            var socket = new SimulatedSocket(this, new IPEndPoint(address.WithoutScope(), port), options);
            _sockets.Add(socket);
            return socket;
        }
    }

    /// <summary>
    /// Every socket now open on this host stops receiving with <paramref name="error"/> once its queue is read, as
    /// when the host's network goes away. Sockets bound later work.
    /// </summary>
    public void FailReceives(SocketError error)
    {
        lock (_network.Gate)
        {
            foreach (var socket in _sockets)
            {
                socket.Fail(new SocketException((int)error));
            }
        }
    }

    internal bool Owns(IPAddress address)
    {
        var bare = address.WithoutScope();
        return IPAddress.IsLoopback(bare) || (LinkUp && (bare.Equals(Address) || bare.Equals(LinkLocalAddress.WithoutScope())));
    }

    internal NetworkInterfaceAddress InterfaceFor(AddressFamily family, int index) =>
        _interfaces.First(i => i.Address.AddressFamily == family && i.Index == index);

    internal void Remove(SimulatedSocket socket)
    {
        lock (_network.Gate)
        {
            _sockets.Remove(socket);
        }
    }

    internal void Send(SimulatedSocket from, byte[] data, IPEndPoint destination)
    {
        if (data.Length > SimulatedNetwork.MaxDatagramLength)
        {
            throw new SocketException((int)SocketError.MessageSize);
        }

        if (destination.AddressFamily != from.Family)
        {
            throw new SocketException((int)SocketError.AddressFamilyNotSupported);
        }

        // The interface it leaves by decides the source address, as the kernel's route lookup would.
        int egress;
        if (destination.Address.IsMulticast())
        {
            egress = from.MulticastInterface?.Index ?? (from.IsAny || !IPAddress.IsLoopback(from.Address) ? SimulatedNetwork.LinkIndex : SimulatedNetwork.LoopbackIndex);
        }
        else
        {
            egress = Owns(destination.Address) ? SimulatedNetwork.LoopbackIndex : SimulatedNetwork.LinkIndex;
        }

        if (egress == SimulatedNetwork.LinkIndex && !LinkUp)
        {
            throw new SocketException((int)SocketError.NetworkUnreachable);
        }

        var source = from.IsAny
            ? SourceFor(from.Family, egress, destination.Address)
            : from.Family == AddressFamily.InterNetworkV6 && from.Address.IsIPv6LinkLocal ? LinkLocalAddress : from.Address;
        _network.Deliver(this, egress, new IPEndPoint(source, from.Port), destination, data, from.MulticastLoopback);
    }

    private IPAddress SourceFor(AddressFamily family, int egress, IPAddress destination)
    {
        if (!destination.IsMulticast() && Owns(destination))
        {
            return destination.WithoutScope();
        }

        return InterfaceFor(family, egress).Address;
    }

    private int FreePort(AddressFamily family)
    {
        for (var tries = 0; tries < 65536 - FirstEphemeralPort; tries++)
        {
            var port = _nextPort;
            _nextPort = _nextPort == 65535 ? FirstEphemeralPort : _nextPort + 1;
            if (!_sockets.Any(s => s.Family == family && s.Port == port))
            {
                return port;
            }
        }

        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }
}
