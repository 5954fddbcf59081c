using System.Globalization;
using Spectre.Console;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure status</c> on a terminal: the device's identity, then a table of its outputs (or an ANI4IN's inputs).</summary>
internal static class StatusView
{
    public static void Write(IAnsiConsole terminal, ShureDevice device)
    {
        var about = new Grid().AddColumn().AddColumn().AddColumn().AddColumn();
        about.AddRow(Label("Model"), Value(device.Model), Label("Device ID"), Value(device.DeviceId));
        about.AddRow(Label("Serial"), Value(device.SerialNumber), Label("Firmware"), Value(device.FirmwareVersionText));
        about.AddRow(Label("MAC"), Value(device.ControlMacAddress), Label("Dante"), Value(device.DanteDeviceName is null && device.DanteAddress is null ? null : $"{device.DanteDeviceName ?? "?"} {device.DanteAddress?.ToString() ?? "?"}"));
        about.AddRow(Label("Preset"), Value(Preset(device.ActivePreset)), Label("LED"), Value(device.LedBrightness?.ToString(CultureInfo.InvariantCulture)));
        about.AddRow(Label("Identify"), Value(device.IsIdentifying switch { true => "flashing", false => "off", null => null }), Label("Meter rate"), Value(device.MeterRate is { } ms ? ms + " ms" : null));
        terminal.Write(about);

        if (device is Ani4InDevice input)
        {
            terminal.Write(Inputs(input));
            return;
        }

        var outputs = new Table().Border(TableBorder.Rounded)
            .AddColumn("OUT").AddColumn("NAME").AddColumn(new TableColumn("GAIN").RightAligned()).AddColumn("MUTE").AddColumn("LEVEL").AddColumn("CLIP").AddColumn("LIMIT");
        foreach (var o in ((Ani4OutDevice)device).Outputs)
        {
            outputs.AddRow(
                new Text(o.Channel.ToString(CultureInfo.InvariantCulture)),
                Value(o.Name),
                Value(o.Gain?.ToString()),
                o.IsMuted switch { true => new Markup("[bold red]MUTED[/]"), false => new Markup("[green]on air[/]"), null => Unknown() },
                Value(o.Level?.ToString().ToLowerInvariant()),
                o.IsClipping switch { true => new Markup("[bold red]CLIP[/]"), false => new Markup("[grey]-[/]"), null => Unknown() },
                o.IsLimiting switch { true => new Markup("[bold yellow]LIMIT[/]"), false => new Markup("[grey]-[/]"), null => Unknown() });
        }

        terminal.Write(outputs);
    }

    /// <summary>The active preset: its number, "none" for 0 (nothing recalled since the last change), or "unknown".</summary>
    public static string Preset(int? preset) => preset switch
    {
        null => "unknown",
        0 => "none",
        var p => p.Value.ToString(CultureInfo.InvariantCulture),
    };

    private static Table Inputs(Ani4InDevice device)
    {
        var inputs = new Table().Border(TableBorder.Rounded)
            .AddColumn("IN").AddColumn("NAME").AddColumn(new TableColumn("GAIN").RightAligned()).AddColumn(new TableColumn("PREAMP").RightAligned()).AddColumn("MUTE").AddColumn("48V").AddColumn("CLIP").AddColumn("LIMIT");
        foreach (var i in device.Inputs)
        {
            inputs.AddRow(
                new Text(i.Channel.ToString(CultureInfo.InvariantCulture)),
                Value(i.Name),
                Value(i.Gain?.ToString()),
                Value(i.AnalogGain is { } db ? db.ToString(CultureInfo.InvariantCulture) + " dB" : null),
                i.IsMuted switch { true => new Markup("[bold red]MUTED[/]"), false => new Markup("[green]on air[/]"), null => Unknown() },
                i.IsPhantomPowered switch { true => new Markup("[bold yellow]48V[/]"), false => new Markup("[grey]-[/]"), null => Unknown() },
                i.IsClipping switch { true => new Markup("[bold red]CLIP[/]"), false => new Markup("[grey]-[/]"), null => Unknown() },
                i.IsLimiting switch { true => new Markup("[bold yellow]LIMIT[/]"), false => new Markup("[grey]-[/]"), null => Unknown() });
        }

        return inputs;
    }

    private static Markup Label(string text) => new($"[grey]{text}[/]");

    private static Spectre.Console.Rendering.IRenderable Value(string? text) => text is null ? Unknown() : new Text(TerminalText.Safe(text));

    private static Markup Unknown() => new("[grey italic]unknown[/]");
}
