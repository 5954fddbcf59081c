using System.Collections.Concurrent;
using System.Net;
using ShureDrivers.Simulator;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// One simulated link with a controller host (192.168.77.2) and a device host (192.168.77.10) that records every
/// datagram it carries. A test may replace <see cref="SimulatedNetwork.Filter"/>; recording then stops.
/// </summary>
public sealed class RecordedLink
{
    public RecordedLink()
    {
        Controller = Network.AddHost(IPAddress.Parse("192.168.77.2"));
        Devices = Network.AddHost(IPAddress.Parse("192.168.77.10"));
        Network.Filter = d =>
        {
            Traffic.Enqueue(d);
            return true;
        };
    }

    public SimulatedNetwork Network { get; } = new();

    public SimulatedHost Controller { get; }

    public SimulatedHost Devices { get; }

    public ConcurrentQueue<SimulatedDatagram> Traffic { get; } = new();
}
