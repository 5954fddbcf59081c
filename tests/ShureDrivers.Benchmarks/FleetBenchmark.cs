using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Benchmarks;

/// <summary>
/// One process holding sessions to a simulated fleet in another process (<c>shure simulate</c>): time until every
/// device is connected and resynchronised, then 100 ms metering on every device, with this process's CPU share
/// and memory. Not a BenchmarkDotNet benchmark: it is one long scenario, measured once.
/// </summary>
internal static class FleetBenchmark
{
    /// <param name="devices">Fleet size.</param>
    /// <param name="meteringFor">The CPU measurement window.</param>
    /// <param name="consume">False: set the meter rate but open no feed, to separate the read path from consumer wake-ups.</param>
    /// <param name="mixed">True: every other device an ANI4IN, each opened as whatever it answers (<c>ShureDevices</c>).</param>
    public static async Task<int> RunAsync(int devices, TimeSpan meteringFor, bool consume = true, bool mixed = false)
    {
        var shure = Path.Combine(AppContext.BaseDirectory, "shure.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { shure, "simulate", "--devices", devices.ToString(System.Globalization.CultureInfo.InvariantCulture), "--model", mixed ? "ANI4OUT,ANI4IN" : "ANI4OUT", "--json" })
        {
            info.ArgumentList.Add(arg);
        }

        using var simulator = Process.Start(info)!;
        var json = new System.Text.StringBuilder();
        while (await simulator.StandardOutput.ReadLineAsync() is { } line)
        {
            json.AppendLine(line);
            if (line == "}")
            {
                break;
            }
        }

        var endpoints = JsonDocument.Parse(json.ToString()).RootElement.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("address").GetString() + ":" + d.GetProperty("port").GetInt32()).ToList();
        Console.WriteLine($"simulator process ready with {endpoints.Count} devices");

        var me = Process.GetCurrentProcess();
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var options = new DeviceSessionOptions { ConnectTimeout = TimeSpan.FromSeconds(30), CommandTimeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(200); // connection attempts in flight at once
        var connected = await Task.WhenAll(endpoints.Select(async endpoint =>
        {
            await gate.WaitAsync();
            try
            {
                return mixed ? await ShureDevices.ConnectAsync(endpoint, options) : await Ani4OutDevice.ConnectAsync(endpoint, options);
            }
            finally
            {
                gate.Release();
            }
        }));
        var toSynced = clock.Elapsed;
        Console.WriteLine($"all {connected.Length} connected and resynchronised in {toSynced.TotalSeconds:0.00} s ({connected.Count(d => d is Ani4InDevice)} of them ANI4INs)");

        var feeds = consume
            ? await Task.WhenAll(connected.Select(d => d.StartMeteringAsync(100, capacity: 16)))
            : [];
        if (!consume)
        {
            await Task.WhenAll(connected.Select(d => d.SetMeterRateAsync(100)));
        }

        var readings = 0L;
        var consumers = feeds.Select(async feed =>
        {
            try
            {
                await foreach (var _ in feed)
                {
                    Interlocked.Increment(ref readings);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }).ToList();

        // Let metering settle, then measure CPU over a window.
        await Task.Delay(TimeSpan.FromSeconds(2));
        me.Refresh();
        var cpuBefore = me.TotalProcessorTime;
        var readingsBefore = Interlocked.Read(ref readings);
        var window = Stopwatch.StartNew();
        await Task.Delay(meteringFor);
        me.Refresh();
        var cpu = (me.TotalProcessorTime - cpuBefore).TotalMilliseconds / window.Elapsed.TotalMilliseconds;
        var rate = (Interlocked.Read(ref readings) - readingsBefore) / window.Elapsed.TotalSeconds;
        GC.Collect();
        var managed = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        me.Refresh();
        Console.WriteLine($"metering at 100 ms on every device: {rate:0} readings/s, CPU {cpu * 100:0.0} % of one core, managed heap +{managed / 1048576.0:0.0} MB, working set {me.WorkingSet64 / 1048576.0:0} MB");

        foreach (var feed in feeds)
        {
            feed.Dispose();
        }

        await Task.WhenAll(consumers);
        await Task.WhenAll(connected.Select(d => d.DisposeAsync().AsTask()));
        simulator.StandardInput.Close();
        await simulator.WaitForExitAsync();
        return 0;
    }
}
