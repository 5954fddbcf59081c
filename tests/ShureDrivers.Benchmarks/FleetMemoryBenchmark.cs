using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Benchmarks;

/// <summary>
/// The working set of a lean host holding a fleet: a fresh process that reads the endpoints from a file and does only
/// what an integrator's control program does (connect and resynchronise every device, meter at 100 ms with a consumer
/// per feed), beside a fresh process running <see cref="RawFleetReader"/> on the same devices and one that holds
/// nothing (the runtime and this assembly: the floor of any process). Each child samples its own resident set while it
/// holds; the parent runs the simulator and the rounds. No harness, JSON or process machinery in the children.
/// </summary>
internal static class FleetMemoryBenchmark
{
    private static readonly string[] Kinds = ["empty", "raw", "library"];

    /// <summary>'memory N SECONDS ROUNDS [CHURN]': each round one child of each kind, in turn, against one simulator process.</summary>
    public static async Task<int> RunAsync(int devices, TimeSpan hold, int rounds, int churnKilobytesPerSecond = 0)
    {
        await using var simulator = await SimulatedFleetProcess.StartAsync(devices);
        var file = Path.Combine(Path.GetTempPath(), $"shure-fleet-{Environment.ProcessId}.txt");
        await File.WriteAllLinesAsync(file, simulator.Endpoints.Select(e => e.ToString()));
        try
        {
            Console.WriteLine($"simulator process ready with {simulator.Endpoints.Count} devices; {rounds} rounds of a fresh process per kind, each holding for {hold.TotalSeconds:0} s" +
                (churnKilobytesPerSecond > 0 ? $" while the host allocates {churnKilobytesPerSecond} KB/s of its own" : ""));
            var results = Kinds.ToDictionary(k => k, _ => new List<HoldResult>());
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var kind in Kinds)
                {
                    var result = await RunChildAsync(kind, file, hold, churnKilobytesPerSecond);
                    results[kind].Add(result);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}, {kind,-7}: {result}"));
                }
            }

            Console.WriteLine($"summary over {rounds} rounds, {devices} devices (median, min-max of each child's highest resident set while holding):");
            foreach (var kind in Kinds)
            {
                var peaks = results[kind].Select(r => r.PeakMb).Order().ToList();
                var committed = results[kind].Select(r => r.CommittedMb).Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-7}: working set {peaks[peaks.Count / 2]:0} MB ({peaks[0]:0}-{peaks[^1]:0}); GC committed {committed[committed.Count / 2]:0} MB"));
            }
        }
        finally
        {
            File.Delete(file);
        }

        return 0;
    }

    /// <summary>
    /// 'hold KIND FILE SECONDS [CHURN]': the child. Prints one line starting with "result". CHURN (KB/s, default 0)
    /// stands for a host that allocates for its own work (logs, a UI, requests): short-lived garbage beside the fleet,
    /// so the GC runs while the fleet is held.
    /// </summary>
    public static async Task<int> HoldAsync(string kind, string file, TimeSpan hold, int churnKilobytesPerSecond = 0)
    {
        var endpoints = File.ReadAllLines(file).Select(IPEndPoint.Parse).ToList();
        var readings = 0L;
        Func<long> read = () => Interlocked.Read(ref readings);
        Func<ValueTask> release = () => ValueTask.CompletedTask;
        switch (kind)
        {
            case "raw":
                var reader = await RawFleetReader.StartAsync(endpoints, 100);
                read = () => reader.Readings;
                release = reader.DisposeAsync;
                break;
            case "library":
                release = await HoldLibraryAsync(endpoints, () => Interlocked.Increment(ref readings));
                break;
            case "empty":
                break;
            default:
                Console.Error.WriteLine($"unknown kind '{kind}': empty, raw or library");
                return 2;
        }

        // Sample the resident set twice a second while holding: a monitor sees the highest, not a chosen moment.
        var readingsBefore = read();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var peak = 0L;
        var clock = Stopwatch.StartNew();
        using var stopChurn = new CancellationTokenSource();
        var churn = churnKilobytesPerSecond > 0 ? Task.Run(() => ChurnAsync(churnKilobytesPerSecond, stopChurn.Token)) : Task.CompletedTask;
        while (clock.Elapsed < hold)
        {
            await Task.Delay(500);
            peak = Math.Max(peak, ResidentBytes());
        }

        stopChurn.Cancel();
        await churn;

        var info = GC.GetGCMemoryInfo();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result peak {peak / 1048576.0:0.0} MB last {ResidentBytes() / 1048576.0:0.0} MB committed {info.TotalCommittedBytes / 1048576.0:0.0} MB heap {GC.GetTotalMemory(false) / 1048576.0:0.0} MB gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)} allocated {GC.GetTotalAllocatedBytes() / 1048576.0:0.0} MB threads {Threads()} readings {read() - readingsBefore} ({PerReading(GC.GetTotalAllocatedBytes() - allocatedBefore, read() - readingsBefore)} allocated per reading while holding)"));
        await release();
        return 0;
    }

    // What a control program does: connect and resynchronise every device (200 at a time), then meter at 100 ms with a
    // consumer per feed.
    private static async Task<Func<ValueTask>> HoldLibraryAsync(IReadOnlyList<IPEndPoint> endpoints, Action onReading)
    {
        var devices = await FleetBenchmark.ConnectAllAsync(endpoints, mixed: false);
        var feeds = await Task.WhenAll(devices.Select(d => d.StartMeteringAsync(100, capacity: 16)));
        var consumers = feeds.Select(async feed =>
        {
            await foreach (var _ in feed)
            {
                onReading();
            }
        }).ToList();
        return async () =>
        {
            foreach (var feed in feeds)
            {
                feed.Dispose();
            }

            await Task.WhenAll(consumers);
            await Task.WhenAll(devices.Select(d => d.DisposeAsync().AsTask()));
        };
    }

    // Every 10 ms, a hundredth of the rate in 256-byte arrays, each kept in a ring of 256 until overwritten (kept
    // reachable so that the JIT cannot place them on the stack).
    private static async Task ChurnAsync(int kilobytesPerSecond, CancellationToken stop)
    {
        var perTick = kilobytesPerSecond * 1024 / 100 / 256;
        var ring = new byte[256][];
        var next = 0;
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < perTick; i++)
            {
                ring[next++ & 255] = new byte[256];
            }

            await Task.Delay(10, CancellationToken.None);
        }

        GC.KeepAlive(ring);
    }

    private static async Task<HoldResult> RunChildAsync(string kind, string file, TimeSpan hold, int churnKilobytesPerSecond)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "ShureDrivers.Benchmarks.dll"), "hold", kind, file, hold.TotalSeconds.ToString(CultureInfo.InvariantCulture), churnKilobytesPerSecond.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        using var child = Process.Start(info)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("result ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the {kind} child printed no result (exit {child.ExitCode}): {output}");
        var words = line.Split(' ');
        double After(string word) => double.Parse(words[Array.IndexOf(words, word) + 1], CultureInfo.InvariantCulture);
        return new HoldResult(After("peak"), After("committed"), line["result ".Length..]);
    }

    private static string PerReading(long bytes, long readings) =>
        readings > 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)readings:0} B") : "n/a";

    // The resident set from /proc (Linux, where these benchmarks run); elsewhere the runtime's own figure.
    private static long ResidentBytes() => ReadStatus("VmRSS:") is { } kb ? kb * 1024 : Environment.WorkingSet;

    private static long Threads() => ReadStatus("Threads:") ?? -1;

    private static long? ReadStatus(string field)
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return null;
        }

        foreach (var line in File.ReadLines(Status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmRSS:     81234 kB", "Threads:   17"
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private sealed record HoldResult(double PeakMb, double CommittedMb, string Line)
    {
        public override string ToString() => Line;
    }
}
