using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ShureDrivers.Discovery;
using Spectre.Console;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure discover --watch</c> on a terminal: the devices present now, as a table redrawn on every change.</summary>
internal static class WatchView
{
    public static async Task RunAsync(IAnsiConsole terminal, IAsyncEnumerable<DeviceEvent> events)
    {
        var present = new SortedDictionary<string, (DiscoveredDevice Device, DateTimeOffset Since)>(StringComparer.OrdinalIgnoreCase);
        await terminal.Live(Build(present)).AutoClear(false).StartAsync(async context =>
        {
            await foreach (var e in events)
            {
                if (e.Kind == DeviceEventKind.Gone)
                {
                    present.Remove(e.Device.HostName);
                }
                else
                {
                    present[e.Device.HostName] = (e.Device, present.TryGetValue(e.Device.HostName, out var seen) ? seen.Since : DateTimeOffset.Now);
                }

                context.UpdateTarget(Build(present));
                context.Refresh();
            }
        });
    }

    internal static Table Build(IReadOnlyDictionary<string, (DiscoveredDevice Device, DateTimeOffset Since)> present)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(present.Count == 0 ? "browsing… (Ctrl+C to stop)" : $"{present.Count} device(s) (Ctrl+C to stop)")
            .AddColumn("NAME").AddColumn("MODEL").AddColumn("HOST").AddColumn("CONTROL").AddColumn("DANTE").AddColumn("SINCE");
        foreach (var (device, since) in present.Values)
        {
            table.AddRow(
                new Text(TerminalText.Safe(device.Name)),
                new Text(TerminalText.Safe(device.Model)),
                new Text(TerminalText.Safe(device.HostName)),
                new Text(device.Addresses.Count > 0 ? string.Join(", ", device.Addresses) + ":" + device.Port : "unresolved"),
                new Text(device.DanteAddresses.Count > 0 ? string.Join(", ", device.DanteAddresses) : "-"),
                new Text(since.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
        }

        return table;
    }
}
