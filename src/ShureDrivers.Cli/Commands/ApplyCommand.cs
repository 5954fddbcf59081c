using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Rooms;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure apply ROOM.json</c>: make every device of a room file match it.</summary>
internal static class ApplyCommand
{
    public static Command Create(CliConsole console)
    {
        var json = CliOptions.Json();
        var loopback = CliOptions.Loopback();
        var nic = CliOptions.Interface();
        var file = new Argument<FileInfo>("ROOM") { Description = "A room file (JSON): devices, how to find them, and their desired state." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Compare only: print what would change and send no SET." };
        var concurrency = new Option<int>("--concurrency") { Description = "Devices handled at once.", DefaultValueFactory = _ => 8 };
        var timeout = CliOptions.Timeout("Seconds to wait for each device's connection and replies.", 5);
        concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 256)
            {
                r.AddError("--concurrency must be 1 to 256.");
            }
        });
        var command = new Command("apply", "Make every device of a room file match it; report each setting as unchanged, changed or failed. Exit 0 when all match, 5 when a setting failed, 3 when a device was unreachable, 6 when a device is another model.");
        command.Arguments.Add(file);
        command.Options.Add(dryRun);
        command.Options.Add(concurrency);
        command.Options.Add(timeout);
        command.Options.Add(json);
        command.Options.Add(loopback);
        command.Options.Add(nic);
        command.SetAction((parse, ct) =>
        {
            var discovery = DeviceCommandSupport.DiscoveryOptions(parse, console, parse.GetValue(loopback), parse.GetValue(nic));
            var options = new RoomApplyOptions
            {
                DryRun = parse.GetValue(dryRun),
                Concurrency = parse.GetValue(concurrency),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                Discovery = discovery,
                Session = new DeviceSessionOptions { LoggerFactory = discovery.LoggerFactory, Connector = new TcpDeviceConnector(discovery) },
                PacketBridge = new ShureDrivers.PacketBridge.PacketBridgeOptions { LoggerFactory = discovery.LoggerFactory },
            };
            return RunAsync(console, parse.GetValue(file)!, options, parse.GetValue(json), ct);
        });
        return command;
    }

    /// <summary>
    /// Reads the room file at <paramref name="path"/> (bounded, every problem listed), applies it with
    /// <paramref name="options"/> (which carry the connector) and reports each device and setting.
    /// </summary>
    public static Task<int> RunAsync(CliConsole console, FileInfo path, RoomApplyOptions options, bool json, CancellationToken ct) => CommandErrors.GuardAsync(console, async () =>
    {
        if (!path.Exists)
        {
            throw new ArgumentException($"{path.FullName} does not exist.");
        }

        if (path.Length > RoomConfiguration.MaxLength)
        {
            throw new ArgumentException($"{path.Name} is larger than {RoomConfiguration.MaxLength} bytes.");
        }

        RoomConfiguration room;
        try
        {
            // Read through a stream capped at MaxLength: a pipe or a device (/dev/zero) reports no length.
            await using var stream = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
            room = await RoomConfiguration.LoadAsync(stream, ct);
        }
        catch (RoomConfigurationException ex)
        {
            await console.Error.WriteLineAsync($"{TerminalText.Safe(path.Name)} is not valid:");
            foreach (var problem in ex.Problems)
            {
                await console.Error.WriteLineAsync($"  {TerminalText.Safe(problem.ToString())}");
            }

            return ExitCodes.Usage;
        }

        // On a terminal: a live table of the devices, then the report once. Otherwise one stderr line per device.
        var terminal = json ? null : console.Terminal;
        var progress = new ApplyProgress(console, quiet: json, total: room.Devices.Count, silent: terminal is not null);
        options.Progress = progress;
        progress.Start();
        IReadOnlyList<RoomDeviceReport> finished = [];
        var cancelled = false;
        async Task RunAsync()
        {
            try
            {
                finished = (await RoomApplier.ApplyAsync(room, options, ct)).Devices;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: report what finished; the rest is listed as cancelled.
                finished = progress.Finished;
                cancelled = true;
            }
        }

        if (terminal is not null)
        {
            await ApplyView.RunAsync(terminal, room.Devices.Select(d => d.Name).ToList(), progress, RunAsync);
        }
        else
        {
            await RunAsync();
        }

        progress.Finish();
        var notFinished = room.Devices.Select(d => d.Name).Where(n => !finished.Any(f => f.Name == n)).ToList();
        if (json)
        {
            await console.Out.WriteLineAsync(JsonContract.Document("apply", new
            {
                dryRun = options.DryRun,
                cancelled,
                devices = finished.Select(d => new
                {
                    name = d.Name,
                    address = Endpoint(d.ResolvedHost).Address,
                    port = Endpoint(d.ResolvedHost).Port,
                    status = d.Status == RoomDeviceStatus.WrongModel ? "wrong-model" : d.Status.ToString().ToLowerInvariant(),
                    error = d.Error,
                    settings = d.Settings.Select(s => new { path = s.Path, from = JsonContract.Value(s.From), to = JsonContract.Value(s.To), result = Result(s.Result), error = s.Error }),
                }).Concat(notFinished.Select(n => new
                {
                    name = n,
                    address = (string?)null,
                    port = (int?)null,
                    status = "cancelled",
                    error = (string?)null,
                    settings = Enumerable.Empty<RoomSettingReport>().Select(s => new { path = s.Path, from = JsonContract.Value(s.From), to = JsonContract.Value(s.To), result = Result(s.Result), error = s.Error }),
                })),
            }));
        }
        else if (terminal is not null)
        {
            ApplyView.WriteReport(terminal, finished, notFinished);
        }
        else
        {
            await console.Out.WriteLineAsync($"{"DEVICE",-24} {"SETTING",-18} {"FROM",-8} {"TO",-8} RESULT");
            foreach (var d in finished)
            {
                if (d.Status is RoomDeviceStatus.Unreachable or RoomDeviceStatus.WrongModel)
                {
                    await console.Out.WriteLineAsync($"{TerminalText.Safe(d.Name),-24} {"-",-18} {"",-8} {"",-8} {(d.Status == RoomDeviceStatus.WrongModel ? "wrong model" : "unreachable")}: {TerminalText.Safe(d.Error)}");
                }

                foreach (var s in d.Settings)
                {
                    await console.Out.WriteLineAsync($"{TerminalText.Safe(d.Name),-24} {s.Path,-18} {s.From ?? "?",-8} {s.To,-8} {Result(s.Result)}{(s.Error is null ? string.Empty : ": " + TerminalText.Safe(s.Error))}");
                }
            }

            foreach (var name in notFinished)
            {
                await console.Out.WriteLineAsync($"{TerminalText.Safe(name),-24} {"-",-18} {"",-8} {"",-8} cancelled");
            }
        }

        await console.Out.FlushAsync(CancellationToken.None);
        if (cancelled)
        {
            return ExitCodes.Error; // the signal's own code (130, 143) is what the process exits with
        }

        return finished.Any(d => d.Status == RoomDeviceStatus.WrongModel) ? ExitCodes.WrongModel
            : finished.Any(d => d.Status == RoomDeviceStatus.Unreachable) ? ExitCodes.Unreachable
            : finished.Any(d => d.Status == RoomDeviceStatus.Failed) ? ExitCodes.SettingFailed
            : ExitCodes.Ok;
    });

    // "host:port" or "[v6]:port" from the applier: the address and the port apart.
    private static (string? Address, int? Port) Endpoint(string? resolved) =>
        resolved is not null && IPEndPoint.TryParse(resolved, out var endpoint) ? (endpoint.Address.ToString(), endpoint.Port) : (resolved, null);

    public static string Result(RoomSettingResult result) => result switch
    {
        RoomSettingResult.WouldChange => "would change",
        _ => result.ToString().ToLowerInvariant(),
    };
}
