using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ShureDrivers.Rooms;
using Spectre.Console;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure apply</c> on a terminal: a live table of the devices while it runs, then the report once.</summary>
internal static class ApplyView
{
    public static async Task RunAsync(IAnsiConsole terminal, IReadOnlyList<string> names, ApplyProgress progress, Func<Task> run)
    {
        var done = new ConcurrentDictionary<string, RoomDeviceReport>();
        await terminal.Live(Build(names, done)).AutoClear(true).StartAsync(async context =>
        {
            progress.Reported += report =>
            {
                done[report.Name] = report;
                context.UpdateTarget(Build(names, done));
                context.Refresh();
            };
            await run();
        });
    }

    public static void WriteReport(IAnsiConsole terminal, IReadOnlyList<RoomDeviceReport> finished, IReadOnlyList<string> notFinished)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("DEVICE").AddColumn("SETTING").AddColumn("FROM").AddColumn("TO").AddColumn("RESULT");
        foreach (var d in finished)
        {
            if (d.Status is RoomDeviceStatus.Unreachable or RoomDeviceStatus.WrongModel)
            {
                table.AddRow(new Text(TerminalText.Safe(d.Name)), new Text("-"), new Text(""), new Text(""), new Markup($"[red]{(d.Status == RoomDeviceStatus.WrongModel ? "wrong model" : "unreachable")}[/] {Markup.Escape(TerminalText.Safe(d.Error))}"));
            }

            foreach (var s in d.Settings)
            {
                var result = ApplyCommand.Result(s.Result);
                var color = s.Result switch { RoomSettingResult.Failed => "red", RoomSettingResult.Changed => "green", RoomSettingResult.WouldChange => "yellow", _ => "grey" };
                table.AddRow(
                    new Text(TerminalText.Safe(d.Name)),
                    new Text(s.Path),
                    new Text(TerminalText.Safe(s.From ?? "?")),
                    new Text(TerminalText.Safe(s.To)),
                    new Markup($"[{color}]{Markup.Escape(result)}[/]" + (s.Error is null ? string.Empty : " " + Markup.Escape(TerminalText.Safe(s.Error)))));
            }
        }

        foreach (var name in notFinished)
        {
            table.AddRow(new Text(TerminalText.Safe(name)), new Text("-"), new Text(""), new Text(""), new Markup("[yellow]cancelled[/]"));
        }

        terminal.Write(table);
    }

    private static Table Build(IReadOnlyList<string> names, ConcurrentDictionary<string, RoomDeviceReport> done)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{done.Count}/{names.Count} devices done").AddColumn("DEVICE").AddColumn("STATE");
        foreach (var name in names)
        {
            table.AddRow(new Text(TerminalText.Safe(name)), done.TryGetValue(name, out var report) ? Summary(report) : new Markup("[grey]working…[/]"));
        }

        return table;
    }

    private static Markup Summary(RoomDeviceReport report)
    {
        if (report.Status is RoomDeviceStatus.Unreachable or RoomDeviceStatus.WrongModel)
        {
            return new Markup(report.Status == RoomDeviceStatus.WrongModel ? "[red]wrong model[/]" : "[red]unreachable[/]");
        }

        var counts = string.Join(", ", report.Settings.GroupBy(s => ApplyCommand.Result(s.Result)).Select(g => $"{g.Count()} {g.Key}"));
        return new Markup(Markup.Escape(counts.Length == 0 ? "nothing to do" : counts), new Style(report.Status == RoomDeviceStatus.Failed ? Color.Red : Color.Green));
    }
}
