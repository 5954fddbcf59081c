using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Networking;

namespace ShureDrivers.Simulator.Internal;

/// <summary>A socket of a <see cref="SimulatedHost"/>: a bounded queue that the network delivers into.</summary>
internal sealed class SimulatedSocket : QueuedDatagramSocket
{
    private readonly SimulatedHost _host;
    private readonly List<(IPAddress Group, int Index)> _memberships = [];

    public SimulatedSocket(SimulatedHost host, IPEndPoint local, DatagramSocketOptions options)
        : base(options)
    {
        _host = host;
        LocalEndPoint = local;
        ReuseAddress = options.ReuseAddress && local.Port != 0;
        MulticastLoopback = options.MulticastLoopback;
        MulticastInterface = options.MulticastInterface;
    }

    public override IPEndPoint LocalEndPoint { get; }

    public AddressFamily Family => LocalEndPoint.AddressFamily;

    public IPAddress Address => LocalEndPoint.Address;

    public int Port => LocalEndPoint.Port;

    public bool IsAny => Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any);

    public bool ReuseAddress { get; }

    public bool MulticastLoopback { get; }

    public NetworkInterfaceAddress? MulticastInterface { get; private set; }

    public override ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        _host.Send(this, datagram.ToArray(), destination ?? throw new ArgumentNullException(nameof(destination)));
        return default;
    }

    public override void JoinMulticastGroup(IPAddress group, NetworkInterfaceAddress networkInterface)
    {
        ThrowIfDisposed();
        if (group.AddressFamily != Family || !group.IsMulticast() || !_host.GetInterfaces().Any(i => i.Index == networkInterface.Index))
        {
            throw new SocketException((int)SocketError.InvalidArgument);
        }

        lock (_memberships)
        {
            _memberships.Add((group.WithoutScope(), networkInterface.Index));
        }
    }

    public override void LeaveMulticastGroup(IPAddress group, NetworkInterfaceAddress networkInterface)
    {
        ThrowIfDisposed();
        lock (_memberships)
        {
            if (!_memberships.Remove((group.WithoutScope(), networkInterface.Index)))
            {
                throw new SocketException((int)SocketError.AddressNotAvailable);
            }
        }
    }

    public override void SetMulticastInterface(NetworkInterfaceAddress networkInterface)
    {
        ThrowIfDisposed();
        if (!_host.GetInterfaces().Any(i => i.Index == networkInterface.Index))
        {
            throw new SocketException((int)SocketError.InvalidArgument);
        }

        MulticastInterface = networkInterface;
    }

    public bool Accepts(IPEndPoint destination) =>
        destination.AddressFamily == Family && destination.Port == Port && (IsAny || Address.Equals(destination.Address.WithoutScope()));

    public bool HasJoined(IPAddress group, int index)
    {
        var bare = group.WithoutScope();
        lock (_memberships)
        {
            return _memberships.Any(m => m.Index == index && m.Group.Equals(bare));
        }
    }

    protected override void Close() => _host.Remove(this);
}
