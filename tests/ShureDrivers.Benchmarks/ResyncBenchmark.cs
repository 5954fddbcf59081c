using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;

namespace ShureDrivers.Benchmarks;

/// <summary>
/// Time from <c>ConnectAsync</c> to ready, requests sent and frames received, against simulated firmware on the real
/// clock (in memory): <c>documented</c>, <c>slow</c> with a fixed 40 ms before every frame, and <c>silent</c>. Beside
/// each, the resync the driver had before (dump, then every value at once, a timeout failing the connect), rebuilt
/// here on a raw session and measured in the same run. One long scenario, measured a few times; not BenchmarkDotNet.
/// </summary>
internal static class ResyncBenchmark
{
    public static async Task<int> RunAsync(int rounds)
    {
        var slow40 = new Action<SimulatorOptions>(o =>
        {
            o.Profile = SimulatorProfile.Slow;
            o.ReplyDelayMin = o.ReplyDelayMax = o.DumpFramePace = TimeSpan.FromMilliseconds(40);
        });
        var cases = new (string Name, Action<SimulatorOptions> Configure)[]
        {
            ("documented", o => o.Profile = SimulatorProfile.Documented),
            ("slow (40 ms/frame)", slow40),
            ("silent", o => o.Profile = SimulatorProfile.Silent),
        };
        var timeout = new DeviceSessionOptions().CommandTimeout;
        Console.WriteLine($"Rounds: {rounds}; command timeout {timeout.TotalSeconds:0.#} s; median of the rounds.");
        Console.WriteLine();
        Console.WriteLine("| Firmware | Resync | Ready after | Requests | Frames received | Result |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (name, configure) in cases)
        {
            foreach (var legacy in new[] { false, true })
            {
                var runs = new List<(TimeSpan Elapsed, int Requests, long Frames, string Result)>();
                for (var i = 0; i < rounds; i++)
                {
                    runs.Add(await MeasureAsync(configure, legacy));
                }

                var median = runs.OrderBy(r => r.Elapsed).ElementAt(runs.Count / 2);
                Console.WriteLine($"| {name} | {(legacy ? "before: all at once" : "now: dump, then what is missing")} | {median.Elapsed.TotalSeconds:0.000} s | {median.Requests} | {median.Frames} | {median.Result} |");
            }
        }

        return 0;
    }

    private static async Task<(TimeSpan, int, long, string)> MeasureAsync(Action<SimulatorOptions> configure, bool legacy)
    {
        var options = new SimulatorOptions();
        configure(options);
        using var sim = new Ani4OutSimulator(options);
        var connector = new CountingConnector(sim.CreateConnector());
        var session = new DeviceSessionOptions { Connector = connector, AutoReconnect = false };
        var clock = Stopwatch.StartNew();
        string result;
        try
        {
            if (legacy)
            {
                await using var raw = new DeviceSession("ani4out.bench", session);
                await raw.StartAsync();
                await LegacyResyncAsync(raw);
            }
            else
            {
                await using var device = await Ani4OutDevice.ConnectAsync("ani4out.bench", session);
                var unknown = new[] { device.MeterRate is null, device.IsIdentifying is null, device.Output(2).IsLimiting is null, device.Output(4).IsLimiting is null }.Count(u => u);
                clock.Stop();
                result = unknown == 0 ? "ready" : $"ready, {unknown} values unknown";
                return (clock.Elapsed, sim.ReceivedFrames.Count, connector.FramesRead, result);
            }

            result = "ready";
        }
        catch (ShureDeviceException ex)
        {
            result = "**failed**: " + ex.GetType().Name;
        }

        clock.Stop();
        return (clock.Elapsed, sim.ReceivedFrames.Count, connector.FramesRead, result);
    }

    // The driver's resync before this change: the dump, then every tracked value at once; a rejection left the value
    // unknown, a timeout failed the whole resync.
    private static async Task LegacyResyncAsync(DeviceSession session)
    {
        await session.QueryAsync(CommandString.Get(0, "ALL"));
        var table = Ani4OutCommandTable.Table;
        var requests = new List<CommandString>();
        foreach (var p in table.Parameters)
        {
            if ((p.Access & ParameterAccess.Get) == 0 || p.ValueKind == ParameterValueKind.Dump || p.Name is "AUDIO_IN_PEAK_LVL" or "AUDIO_IN_RMS_LVL")
            {
                continue;
            }

            if (p.Scope == ParameterScope.Device)
            {
                requests.Add(CommandString.Get(p.Name));
                continue;
            }

            for (var ch = 1; ch <= table.ChannelCount; ch++)
            {
                if (p.GetIndexes is { } indexes)
                {
                    requests.AddRange(Enumerable.Range(1, indexes.Max).Select(ix => CommandString.Get(ch, p.Name, ix)));
                }
                else
                {
                    requests.Add(CommandString.Get(ch, p.Name));
                }
            }
        }

        await Task.WhenAll(requests.Select(async r =>
        {
            try
            {
                await session.QueryAsync(r);
            }
            catch (DeviceCommandRejectedException)
            {
                // Left unknown.
            }
        }));
    }

    // Counts the frames the device sent (each ends with '>'; none of the simulator's values holds one).
    private sealed class CountingConnector(DeviceConnector inner) : DeviceConnector
    {
        private long _frames;

        public long FramesRead => Interlocked.Read(ref _frames);

        public override async Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken) =>
            new CountingStream(await inner.ConnectAsync(endpoint, cancellationToken), this);

        private sealed class CountingStream(Stream inner, CountingConnector owner) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Flush() => inner.Flush();

            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

            public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var n = await inner.ReadAsync(buffer, cancellationToken);
                return Count(buffer.Span[..n]);
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }

            private int Count(ReadOnlySpan<byte> read)
            {
                Interlocked.Add(ref owner._frames, read.Count((byte)'>'));
                return read.Length;
            }
        }
    }
}
