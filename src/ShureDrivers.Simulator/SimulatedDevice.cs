using System.Net;
using ShureDrivers.Internal;

namespace ShureDrivers.Simulator;

/// <summary>A simulated device and where it can be reached: the control endpoint (TCP 2202) and the Dante endpoint (packet bridge, UDP 2203).</summary>
public sealed class SimulatedDevice
{
    /// <summary>Describes a device.</summary>
    public SimulatedDevice(Ani4OutSimulator simulator, IPEndPoint controlEndPoint, IPEndPoint danteEndPoint)
    {
        Simulator = Guard.NotNull(simulator, nameof(simulator));
        ControlEndPoint = Guard.NotNull(controlEndPoint, nameof(controlEndPoint));
        DanteEndPoint = Guard.NotNull(danteEndPoint, nameof(danteEndPoint));
    }

    /// <summary>The device.</summary>
    public Ani4OutSimulator Simulator { get; }

    /// <summary>Where TCP command strings are served.</summary>
    public IPEndPoint ControlEndPoint { get; }

    /// <summary>Where the packet bridge answers.</summary>
    public IPEndPoint DanteEndPoint { get; }

    /// <summary>The mDNS host name without <c>.local</c>.</summary>
    public string HostName => Simulator.HostName;

    /// <summary>The control MAC.</summary>
    public string MacAddress => Simulator.MacAddress;

    /// <inheritdoc />
    public override string ToString() => $"{HostName} {MacAddress} control {ControlEndPoint} dante {DanteEndPoint}";
}
