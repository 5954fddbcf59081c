using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;

namespace ShureDrivers.Benchmarks;

/// <summary>
/// A simulated fleet in another process (<c>shure simulate --devices N --json</c>) on free ports (never the shared
/// fixed 127.10.0.k:2202; on Linux each device keeps its own loopback address), and the endpoints it reports.
/// </summary>
internal sealed class SimulatedFleetProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SimulatedFleetProcess(Process process, IReadOnlyList<IPEndPoint> endpoints)
    {
        _process = process;
        Endpoints = endpoints;
    }

    /// <summary>Each device's control endpoint, in the simulator's order.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; }

    /// <param name="devices">Fleet size.</param>
    /// <param name="mixed">True: every other device an ANI4IN.</param>
    public static async Task<SimulatedFleetProcess> StartAsync(int devices, bool mixed = false)
    {
        var shure = Path.Combine(AppContext.BaseDirectory, "shure.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { shure, "simulate", "--devices", devices.ToString(CultureInfo.InvariantCulture), "--model", mixed ? "ANI4OUT,ANI4IN" : "ANI4OUT", "--control-port", "0", "--dante-port", "0", "--json" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var json = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            json.AppendLine(line);
            if (line == "}")
            {
                break;
            }
        }

        var endpoints = JsonDocument.Parse(json.ToString()).RootElement.GetProperty("devices").EnumerateArray()
            .Select(d => new IPEndPoint(IPAddress.Parse(d.GetProperty("address").GetString()!), d.GetProperty("port").GetInt32())).ToList();
        return new SimulatedFleetProcess(process, endpoints);
    }

    /// <summary>Stops the simulator (it ends when its standard input closes) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
