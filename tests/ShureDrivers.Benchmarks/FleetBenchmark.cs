using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Benchmarks;

/// <summary>
/// One process holding sessions to a simulated fleet in another process (<c>shure simulate</c>), in rounds. Each round:
/// the library (connect and resynchronise every device, the idle median of <c>SetGainAsync</c> on device 1, then
/// metering at 100 ms on the others with a consumer per feed, this process's CPU over a window, and
/// <c>SetGainAsync</c> latencies on device 1 under that load), then the floor (<see cref="RawFleetReader"/> on the same
/// sockets' devices, metering at the same rate, CPU over the same window). Not a BenchmarkDotNet benchmark: long
/// scenarios, measured a few times.
/// </summary>
internal static class FleetBenchmark
{
    private const int IdleCalls = 300;
    private const int LoadedCalls = 2000;

    /// <param name="devices">Fleet size.</param>
    /// <param name="meteringFor">The CPU measurement window.</param>
    /// <param name="rounds">Rounds, each the library then the raw reader, for the run-to-run spread.</param>
    /// <param name="consume">False: set the meter rate but open no feed, to separate the read path from consumer wake-ups.</param>
    /// <param name="mixed">True: every other device an ANI4IN, each opened as whatever it answers (<c>ShureDevices</c>).</param>
    /// <param name="phases">"both", or "library" / "raw" alone (a fresh process per phase: the working set of one, unmixed with the other's).</param>
    public static async Task<int> RunAsync(int devices, TimeSpan meteringFor, int rounds = 3, bool consume = true, bool mixed = false, string phases = "both")
    {
        var atStart = Process.GetCurrentProcess().WorkingSet64;
        await using var simulator = await SimulatedFleetProcess.StartAsync(devices, mixed);
        var endpoints = simulator.Endpoints;
        Console.WriteLine($"simulator process ready with {endpoints.Count} devices; {rounds} rounds of {meteringFor.TotalSeconds:0} s windows; this process's working set {atStart / 1048576.0:0} MB at start, {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:0} MB with the simulator's device list read");

        var results = new List<Round>();
        for (var round = 1; round <= rounds; round++)
        {
            if (phases != "both")
            {
                // One phase only: its working set, and the process's baseline before it.
                var baseline = Process.GetCurrentProcess().WorkingSet64;
                var ws = phases == "raw"
                    ? (await RunRawAsync(endpoints[0], endpoints.Skip(1).ToList(), meteringFor)).WorkingSetBytes
                    : (await RunLibraryAsync(endpoints, meteringFor, consume, mixed)).WorkingSetBytes;
                Console.WriteLine($"round {round}, {phases} only: working set {ws / 1048576.0:0} MB (process before the phase: {baseline / 1048576.0:0} MB); GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:0} MB; {Process.GetCurrentProcess().Threads.Count} threads, {ThreadPool.ThreadCount} in the pool");
                continue;
            }

            var library = await RunLibraryAsync(endpoints, meteringFor, consume, mixed);
            var raw = await RunRawAsync(endpoints[0], endpoints.Skip(1).ToList(), meteringFor);
            var result = new Round(library, raw);
            results.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: library {library.Cpu * 100:0.0} % CPU at {library.ReadingsPerSecond:0} readings/s | raw reader {raw.Cpu * 100:0.0} % at {raw.ReadingsPerSecond:0} readings/s | ratio {result.Ratio:0.00}x | " +
                $"synced in {library.Synced.TotalSeconds:0.00} s | SetGainAsync idle median {library.IdleMedianUs:0} us, under load p50 {library.P50Us:0} us p99 {library.P99Us:0} us p99.9 {library.P999Us:0} us (p99 {library.P99Us / library.IdleMedianUs:0.0}x idle) | " +
                $"raw round trip idle median {raw.IdleMedianUs:0} us, under load p50 {raw.P50Us:0} us p99 {raw.P99Us:0} us p99.9 {raw.P999Us:0} us | " +
                $"heap +{library.HeapBytes / 1048576.0:0.0} MB ({library.HeapBytes / 1024.0 / endpoints.Count:0.0} KB/device), working set {library.WorkingSetBytes / 1048576.0:0} MB (GC committed {library.GcCommittedBytes / 1048576.0:0} MB); raw reader's working set {raw.WorkingSetBytes / 1048576.0:0} MB"));
        }

        if (results.Count == 0)
        {
            return 0;
        }

        string Spread(Func<Round, double> pick, string format) =>
            string.Create(CultureInfo.InvariantCulture, $"median {Median(results.Select(pick)).ToString(format, CultureInfo.InvariantCulture)} (min {results.Min(pick).ToString(format, CultureInfo.InvariantCulture)}, max {results.Max(pick).ToString(format, CultureInfo.InvariantCulture)})");
        Console.WriteLine($"summary over {rounds} rounds, {devices} devices ({devices - 1} metering):");
        Console.WriteLine($"  library CPU %:     {Spread(r => r.Library.Cpu * 100, "0.0")}");
        Console.WriteLine($"  raw reader CPU %:  {Spread(r => r.Raw.Cpu * 100, "0.0")}");
        Console.WriteLine($"  ratio:             {Spread(r => r.Ratio, "0.00")}");
        Console.WriteLine($"  CPU us per reading: library {Spread(r => r.Library.Cpu * 1e6 / r.Library.ReadingsPerSecond, "0.0")}; raw {Spread(r => r.Raw.Cpu * 1e6 / r.Raw.ReadingsPerSecond, "0.0")}");
        Console.WriteLine($"  SetGainAsync under load, us: p50 {Spread(r => r.Library.P50Us, "0")}; p99 {Spread(r => r.Library.P99Us, "0")}; p99.9 {Spread(r => r.Library.P999Us, "0")}; idle median {Spread(r => r.Library.IdleMedianUs, "0")}");
        Console.WriteLine($"  SetGainAsync p99 / idle median: {Spread(r => r.Library.P99Us / r.Library.IdleMedianUs, "0.0")}");
        Console.WriteLine($"  raw round trip under load, us: p50 {Spread(r => r.Raw.P50Us, "0")}; p99 {Spread(r => r.Raw.P99Us, "0")}; p99.9 {Spread(r => r.Raw.P999Us, "0")}; idle median {Spread(r => r.Raw.IdleMedianUs, "0")}");
        Console.WriteLine($"  heap KB per device: {Spread(r => r.Library.HeapBytes / 1024.0 / devices, "0.0")}; working set MB: {Spread(r => r.Library.WorkingSetBytes / 1048576.0, "0")}; raw reader's working set MB: {Spread(r => r.Raw.WorkingSetBytes / 1048576.0, "0")}");

        return 0;
    }

    private static async Task<LibraryFigures> RunLibraryAsync(IReadOnlyList<IPEndPoint> endpoints, TimeSpan window, bool consume, bool mixed)
    {
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var connected = await ConnectAllAsync(endpoints, mixed);
        var synced = clock.Elapsed;

        // Device 1 takes the button presses; the others meter.
        var target = connected[0].Channels[1];
        var idle = await TimeSetGainAsync(target, IdleCalls);
        var metering = connected.Skip(1).ToList();
        var feeds = consume ? await Task.WhenAll(metering.Select(d => d.StartMeteringAsync(100, capacity: 16))) : [];
        if (!consume)
        {
            await Task.WhenAll(metering.Select(d => d.SetMeterRateAsync(100)));
        }

        var readings = 0L;
        var consumers = feeds.Select(async feed =>
        {
            await foreach (var _ in feed)
            {
                Interlocked.Increment(ref readings);
            }
        }).ToList();

        var (cpu, rate) = await MeasureAsync(window, () => Interlocked.Read(ref readings));
        var loaded = await TimeSetGainAsync(target, LoadedCalls);
        GC.Collect();
        var heap = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        // What the GC keeps committed from the connect's allocations is its policy, not the devices: one aggressive
        // collection (decommits free regions) shows the footprint of the devices themselves.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Console.WriteLine($"  (after an aggressive collection: working set {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:0} MB, GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:0} MB; before it {workingSet / 1048576.0:0} MB and {committed / 1048576.0:0} MB)");

        foreach (var feed in feeds)
        {
            feed.Dispose();
        }

        await Task.WhenAll(consumers);
        await Task.WhenAll(connected.Select(d => d.DisposeAsync().AsTask()));
        return new LibraryFigures(synced, cpu, rate, Percentile(idle, 0.5), Percentile(loaded, 0.5), Percentile(loaded, 0.99), Percentile(loaded, 0.999), heap, workingSet, committed);
    }

    /// <summary>Connects and resynchronises every device, 200 attempts in flight at once.</summary>
    /// <param name="mixed">True: each opened as whatever model it answers (<c>ShureDevices</c>); false: as an ANI4OUT.</param>
    internal static async Task<ShureDevice[]> ConnectAllAsync(IReadOnlyList<IPEndPoint> endpoints, bool mixed)
    {
        var options = new DeviceSessionOptions { ConnectTimeout = TimeSpan.FromSeconds(30), CommandTimeout = TimeSpan.FromSeconds(30) };
        using var gate = new SemaphoreSlim(200);
        return await Task.WhenAll(endpoints.Select(async endpoint =>
        {
            await gate.WaitAsync();
            try
            {
                var address = endpoint.ToString();
                return mixed ? await ShureDevices.ConnectAsync(address, options) : await Ani4OutDevice.ConnectAsync(address, options);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    // The same on raw sockets: device 1's round trips on a socket of their own, idle and while the others meter.
    private static async Task<RawFigures> RunRawAsync(IPEndPoint target, IReadOnlyList<IPEndPoint> endpoints, TimeSpan window)
    {
        GC.Collect();
        using var pinger = await RawPinger.ConnectAsync(target);
        var idle = await pinger.TimeAsync(IdleCalls);
        await using var reader = await RawFleetReader.StartAsync(endpoints, 100);
        var (cpu, rate) = await MeasureAsync(window, () => reader.Readings);
        var loaded = await pinger.TimeAsync(LoadedCalls);
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        return new RawFigures(cpu, rate, Percentile(idle, 0.5), Percentile(loaded, 0.5), Percentile(loaded, 0.99), Percentile(loaded, 0.999), workingSet);
    }

    // Lets metering settle for 2 s, then this process's CPU share and the reading rate over the window.
    private static async Task<(double Cpu, double Rate)> MeasureAsync(TimeSpan window, Func<long> readings)
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        var me = Process.GetCurrentProcess();
        var cpuBefore = me.TotalProcessorTime;
        var readingsBefore = readings();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        me.Refresh();
        var cpu = (me.TotalProcessorTime - cpuBefore).TotalMilliseconds / clock.Elapsed.TotalMilliseconds;
        var read = readings() - readingsBefore;
        Console.WriteLine($"  (window: {(GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)Math.Max(1, read):0} bytes allocated per reading, {GC.CollectionCount(0)} gen0 collections so far)");
        return (cpu, read / clock.Elapsed.TotalSeconds);
    }

    // Sequential calls, alternating two gains so each is a real change; microseconds each, sorted.
    private static async Task<double[]> TimeSetGainAsync(ShureChannel channel, int calls)
    {
        var times = new double[calls];
        for (var i = -20; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await channel.SetGainAsync(Gain.FromDb(i % 2 == 0 ? -6 : -7));
            if (i >= 0)
            {
                times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        Array.Sort(times);
        return times;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record LibraryFigures(TimeSpan Synced, double Cpu, double ReadingsPerSecond, double IdleMedianUs, double P50Us, double P99Us, double P999Us, long HeapBytes, long WorkingSetBytes, long GcCommittedBytes);

    private sealed record RawFigures(double Cpu, double ReadingsPerSecond, double IdleMedianUs, double P50Us, double P99Us, double P999Us, long WorkingSetBytes);

    private sealed record Round(LibraryFigures Library, RawFigures Raw)
    {
        public double Ratio => Library.Cpu / Raw.Cpu;
    }
}
