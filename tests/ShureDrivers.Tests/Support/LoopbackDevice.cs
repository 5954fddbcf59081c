using System;
using System.Globalization;
using System.Threading.Tasks;
using ShureDrivers.Simulator;

namespace ShureDrivers.Tests.Support;

/// <summary>A simulated device served on a free loopback TCP port, as the <c>shure</c> tool's tests reach it.</summary>
public sealed class LoopbackDevice : IAsyncDisposable
{
    private LoopbackDevice(Ani4OutSimulator simulator)
    {
        Simulator = simulator;
        Listener = SimulatorTcpListener.Start(simulator);
        Host = "127.0.0.1:" + Listener.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);
    }

    public Ani4OutSimulator Simulator { get; }

    public SimulatorTcpListener Listener { get; }

    /// <summary>The HOST argument that reaches it: <c>127.0.0.1:port</c>.</summary>
    public string Host { get; }

    public static LoopbackDevice Start(SimulatorOptions? options = null) => new(new Ani4OutSimulator(options ?? new SimulatorOptions()));

    public async ValueTask DisposeAsync()
    {
        await Listener.DisposeAsync();
        Simulator.Dispose();
    }
}
