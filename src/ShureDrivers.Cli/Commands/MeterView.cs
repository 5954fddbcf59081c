using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ShureDrivers.Cli.Commands;

/// <summary>
/// The meter on a terminal: one bar per output, redrawn in place, with the output's name, its level in dBFS and
/// whether it clips, limits or is muted. Bars span -60 to 0 dBFS.
/// </summary>
internal static class MeterView
{
    private const double Floor = -60;
    private const int Width = 40;

    public static async Task RunAsync(IAnsiConsole terminal, ShureDevice device, Func<Func<MeterReading, Task>, Task> readings)
    {
        var table = Build(device, null);
        await terminal.Live(table).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            await readings(reading =>
            {
                context.UpdateTarget(Build(device, reading));
                context.Refresh();
                return Task.CompletedTask;
            });
        });
    }

    internal static Table Build(ShureDevice device, MeterReading? reading)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(reading is { } r ? r.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) : "waiting for readings…")
            .AddColumn(device is Ani4InDevice ? "IN" : "OUT").AddColumn("NAME").AddColumn(new TableColumn($"LEVEL ({Floor:0} … 0 dBFS)")).AddColumn(new TableColumn("dBFS").RightAligned())
            .AddColumn("CLIP").AddColumn("LIMIT").AddColumn("MUTE");
        foreach (var output in device.Channels)
        {
            var dbfs = reading?[output.Channel];
            table.AddRow(
                new Text(output.Channel.ToString(CultureInfo.InvariantCulture)),
                new Text(TerminalText.Safe(output.Name ?? "")),
                Bar(dbfs, output.IsMuted == true),
                new Text(dbfs is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "–"),
                Flag(output.IsClipping, "CLIP", Color.Red),
                Flag(output.IsLimiting, "LIMIT", Color.Yellow),
                Flag(output.IsMuted, "MUTED", Color.Grey));
        }

        return table;
    }

    private static IRenderable Bar(double? dbfs, bool muted)
    {
        if (dbfs is not { } value)
        {
            return new Text(new string('·', Width), new Style(Color.Grey));
        }

        var filled = (int)Math.Round(Math.Clamp((value - Floor) / -Floor, 0, 1) * Width);
        var color = muted ? Color.Grey : value >= -3 ? Color.Red : value >= -12 ? Color.Yellow : Color.Green;
        return new Markup($"[{color.ToMarkup()}]{new string('█', filled)}[/][grey]{new string('·', Width - filled)}[/]");
    }

    private static Text Flag(bool? on, string label, Color color) => on switch
    {
        true => new Text(label, new Style(color, decoration: Decoration.Bold)),
        false => new Text("-", new Style(Color.Grey)),
        null => new Text("?", new Style(Color.Grey)),
    };
}
