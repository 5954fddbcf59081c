using System;
using System.CommandLine;
using System.Linq;
using ShureDrivers.Discovery;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure discover</c>: finds Shure devices with mDNS.</summary>
internal static class DiscoverCommand
{
    public static Command Create(CliConsole console)
    {
        var support = new DeviceCommandSupport(console);
        var timeout = new Option<double>("--timeout") { Description = "Seconds to listen.", DefaultValueFactory = _ => 1.5 };
        var nic = new Option<string[]>("--interface") { Description = "Interface name or IPv4 address to search (repeatable). Default: every multicast interface except loopback.", AllowMultipleArgumentsPerToken = false };
        var loopback = new Option<bool>("--loopback") { Description = "Search loopback only (simulated devices on this machine)." };
        var command = new Command("discover", "Find Shure devices on the network with mDNS (ANI4OUT-aabbcc.local). Exit 3 when none answered.");
        command.Options.Add(timeout);
        command.Options.Add(nic);
        command.Options.Add(loopback);
        command.Options.Add(support.JsonOutput);
        command.SetAction((parse, ct) => support.GuardAsync(async () =>
        {
            var seconds = parse.GetValue(timeout);
            if (double.IsNaN(seconds) || seconds <= 0 || seconds > 600)
            {
                throw new ArgumentException("--timeout must be between 0 and 600 seconds.");
            }

            var options = new DiscoveryOptions { ScanTime = TimeSpan.FromSeconds(seconds), LoopbackOnly = parse.GetValue(loopback) };
            foreach (var name in parse.GetValue(nic) ?? [])
            {
                options.Interfaces.Add(name);
            }

            var searched = ShureDeviceDiscovery.GetInterfaces(options);
            await console.Error.WriteLineAsync("Searching " + (searched.Count == 0 ? "no interface" : string.Join(", ", searched.Select(i => $"{i.Name} ({i.Address})"))) + "...");
            var devices = await ShureDeviceDiscovery.DiscoverAsync(options, ct);
            if (parse.GetValue(support.JsonOutput))
            {
                await support.WriteJsonAsync(devices.Select(d => new
                {
                    name = d.Name,
                    model = d.Model,
                    mac = d.MacAddress ?? d.MacSuffix,
                    host = d.HostName,
                    addresses = d.Addresses.Select(a => a.ToString()),
                    port = d.Port,
                }));
            }
            else
            {
                await console.Out.WriteLineAsync($"{"NAME",-20} {"MODEL",-14} {"MAC",-18} {"HOST",-26} {"ADDRESS",-16} PORT");
                foreach (var d in devices)
                {
                    await console.Out.WriteLineAsync($"{d.Name,-20} {d.Model,-14} {d.MacAddress ?? d.MacSuffix,-18} {d.HostName,-26} {string.Join(",", d.Addresses),-16} {d.Port}");
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
}
