using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Discovery;
using ShureDrivers.Protocol;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure discover</c>: finds Shure devices with mDNS.</summary>
internal static class DiscoverCommand
{
    public static Command Create(CliConsole console)
    {
        var json = CliOptions.Json();
        var timeout = CliOptions.Timeout("Seconds to listen.", 1.5);
        var nic = CliOptions.Interface("Interface to search (repeatable): a name (its IPv4 and IPv6 link-local addresses) or one address. Default: every multicast interface except loopback.");
        var ipv4Only = new Option<bool>("--ipv4") { Description = "Search over IPv4 only (by default IPv6 link-local, ff02::fb, is searched too where an interface has it)." };
        var loopback = CliOptions.Loopback("Search loopback only (simulated devices on this machine).");
        var confirm = new Option<bool>("--confirm") { Description = "Keep only devices that answer GET MODEL on their command-string port." };
        var watch = new Option<bool>("--watch") { Description = "Keep browsing and print devices as they appear, change and go (until Ctrl+C, or --timeout when given)." };
        var command = new Command("discover", "Find Shure devices on the network with mDNS (ANI4OUT-aabbcc.local). Exit 3 when none answered (or none confirmed).");
        command.Options.Add(timeout);
        command.Options.Add(nic);
        command.Options.Add(ipv4Only);
        command.Options.Add(loopback);
        command.Options.Add(confirm);
        command.Options.Add(watch);
        command.Options.Add(json);
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(console, async () =>
        {
            var seconds = parse.GetValue(timeout);
            var options = new DiscoveryOptions { ScanTime = TimeSpan.FromSeconds(seconds), LoopbackOnly = parse.GetValue(loopback), IPv6 = !parse.GetValue(ipv4Only), LoggerFactory = Verbosity.LoggerFactory(parse, console) };
            foreach (var name in parse.GetValue(nic) ?? [])
            {
                options.Interfaces.Add(name);
            }

            var searched = ShureDeviceDiscovery.GetInterfaces(options);
            await console.Error.WriteLineAsync("Searching " + (searched.Count == 0 ? "no interface" : string.Join(", ", searched.Select(i => $"{i.Name} ({i.Address})"))) + "...");
            if (parse.GetValue(watch))
            {
                return await WatchAsync(console, options, parse.GetValue(json), parse.GetResult(timeout) is { Implicit: false } ? options.ScanTime : null, ct);
            }

            var devices = await ShureDeviceDiscovery.DiscoverAsync(options, ct);
            if (parse.GetValue(confirm))
            {
                devices = await ConfirmAsync(console, devices, ct);
            }

            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonContract.Document("discover", new { devices = devices.Select(Json) }));
            }
            else
            {
                // CONTROL is where command strings go; DANTE is the audio interface, never controlled directly.
                await console.Out.WriteLineAsync($"{"NAME",-20} {"MODEL",-14} {"MAC",-18} {"HOST",-26} {"CONTROL",-16} {"PORT",-5} DANTE");
                foreach (var d in devices)
                {
                    var control = d.Addresses.Count > 0 ? string.Join(",", d.Addresses) : "unresolved";
                    var dante = d.DanteAddresses.Count == 0 ? "-" : string.Join(",", d.DanteAddresses) + (d.IsDanteOnly ? " (control via packet bridge)" : string.Empty);
                    await console.Out.WriteLineAsync(TerminalText.Safe($"{d.Name,-20} {d.Model,-14} {d.MacAddress ?? d.MacSuffix,-18} {d.HostName,-26} {control,-16} {d.Port,-5} {dante}"));
                }
            }

            if (devices.Count == 0)
            {
                await console.Error.WriteLineAsync("No Shure device answered.");
                return ExitCodes.Unreachable;
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static object Json(DiscoveredDevice d) => new
    {
        name = d.Name,
        model = d.Model,
        mac = d.MacAddress,
        macSuffix = d.MacSuffix,
        hostName = d.HostName,
        addresses = d.Addresses.Select(a => a.ToString()),
        port = d.Port,
        controlFrom = d.Addresses.Count == 0 ? null : d.IsDanteOnly ? "packet-bridge" : "mdns",
        dante = new { addresses = d.DanteAddresses.Select(a => a.ToString()) },
        services = d.Services,
        @interface = d.InterfaceName,
    };

    private static async Task<int> WatchAsync(CliConsole console, DiscoveryOptions options, bool json, TimeSpan? limit, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (limit is { } l)
        {
            stop.CancelAfter(l);
        }

        try
        {
            if (!json && console.Terminal is { } terminal)
            {
                await WatchView.RunAsync(terminal, ShureDeviceBrowser.BrowseAsync(options, stop.Token));
                return ExitCodes.Ok;
            }

            await foreach (var e in ShureDeviceBrowser.BrowseAsync(options, stop.Token))
            {
                var kind = e.Kind.ToString().ToLowerInvariant();
                if (json)
                {
                    await console.Out.WriteLineAsync(JsonContract.Document("discover", new { @event = kind, device = Json(e.Device) }, indented: false));
                    await console.Out.FlushAsync(CancellationToken.None);
                }
                else
                {
                    await console.Out.WriteLineAsync(TerminalText.Safe($"{kind,-9} {e.Device}"));
                    await console.Out.FlushAsync(CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or the time limit.
        }

        return ExitCodes.Ok;
    }

    // Asks each device for its MODEL over TCP; keeps those that answer, with the model they report.
    private static async Task<IReadOnlyList<DiscoveredDevice>> ConfirmAsync(CliConsole console, IReadOnlyList<DiscoveredDevice> devices, CancellationToken ct)
    {
        var confirmed = await Task.WhenAll(devices.Select(async d =>
        {
            foreach (var address in d.Addresses)
            {
                try
                {
                    await using var session = new DeviceSession(new IPEndPoint(address, d.Port).ToString(), new DeviceSessionOptions { AutoReconnect = false, ConnectTimeout = TimeSpan.FromSeconds(2), CommandTimeout = TimeSpan.FromSeconds(2), KeepAliveInterval = TimeSpan.Zero });
                    await session.StartAsync(ct);
                    var model = (await session.QueryAsync(CommandString.Get("MODEL"), ct)).Value.Text;
                    if (!string.IsNullOrEmpty(model))
                    {
                        return d.WithModel(model!);
                    }
                }
                catch (ShureDeviceException ex)
                {
                    await console.Error.WriteLineAsync($"{d.HostName} ({address}): not confirmed: {ex.Message}");
                }
            }

            return null;
        }));
        return confirmed.Where(d => d is not null).Select(d => d!).ToList();
    }
}
