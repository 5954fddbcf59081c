using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ShureDrivers.Simulator;

namespace ShureDrivers.Benchmarks;

/// <summary>
/// SET → REP through <see cref="Ani4OutDevice"/> to a simulated device over loopback TCP, beside a raw socket
/// sending the same bytes to the same simulator and reading to the reply's '>' (the floor).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
[BenchmarkDotNet.Attributes.MedianColumn]
public class RoundTripBenchmarks
{
    private static readonly byte[][] RawFrames =
    [
        Encoding.ASCII.GetBytes("< SET 2 AUDIO_GAIN_HI_RES 1035 >"),
        Encoding.ASCII.GetBytes("< SET 2 AUDIO_GAIN_HI_RES 1036 >"),
    ];

    private readonly byte[] _buffer = new byte[256];
    private Ani4OutSimulator _sim = null!;
    private SimulatorTcpListener _listener = null!;
    private Ani4OutDevice _device = null!;
    private Socket _raw = null!;
    private int _flip;

    // Synchronous: the in-process toolchain of BenchmarkDotNet 0.14 does not await an async setup.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _sim = new Ani4OutSimulator(new SimulatorOptions { Signal = SignalModel.Silence });
        _listener = SimulatorTcpListener.Start(_sim);
        _device = await Ani4OutDevice.ConnectAsync("127.0.0.1:" + _listener.LocalEndPoint.Port, new DeviceSessionOptions { KeepAliveInterval = TimeSpan.Zero, DeadConnectionTimeout = TimeSpan.FromHours(1) });
        _raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _raw.ConnectAsync(_listener.LocalEndPoint);
    }

    private async Task CleanupAsync()
    {
        _raw.Dispose();
        await _device.DisposeAsync();
        await _listener.DisposeAsync();
        _sim.Dispose();
    }

    /// <summary>The floor: write the frame, read until the reply's '>'.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> RawSocketPingPong()
    {
        var frame = RawFrames[_flip ^= 1];
        await _raw.SendAsync(frame, SocketFlags.None);
        var total = 0;
        while (true)
        {
            var n = await _raw.ReceiveAsync(_buffer.AsMemory(total), SocketFlags.None);
            total += n;
            if (n == 0 || _buffer[total - 1] == (byte)'>')
            {
                return total;
            }
        }
    }

    /// <summary>The same SET through the typed API: validation, formatting, correlation, cache update.</summary>
    [Benchmark]
    public async Task<Gain> DeviceSetGain() =>
        await _device.Output(2).SetGainAsync(Gain.FromRaw(1035 + (_flip ^= 1)));
}
