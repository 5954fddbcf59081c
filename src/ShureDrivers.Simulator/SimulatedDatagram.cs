using System;
using System.Net;

namespace ShureDrivers.Simulator;

/// <summary>A datagram crossing a <see cref="SimulatedNetwork"/>, as its <see cref="SimulatedNetwork.Filter"/> sees it.</summary>
public sealed class SimulatedDatagram
{
    internal SimulatedDatagram(IPEndPoint source, IPEndPoint destination, ReadOnlyMemory<byte> data)
    {
        Source = source;
        Destination = destination;
        Data = data;
    }

    /// <summary>The sender's address and port.</summary>
    public IPEndPoint Source { get; }

    /// <summary>Where it is going: a unicast address or a multicast group.</summary>
    public IPEndPoint Destination { get; }

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }
}
