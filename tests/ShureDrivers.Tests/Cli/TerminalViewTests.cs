using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Cli;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;
using Spectre.Console.Testing;

namespace ShureDrivers.Tests.Cli;

/// <summary>
/// What a person at a terminal sees (Spectre.Console's test console): meter bars with a header naming each output,
/// clip, limit and mute marks; status as a table with MUTED and "none". And <c>-v</c>: the library's log on stderr.
/// </summary>
[Category("Loopback")]
[CancelAfter(30_000)]
public class TerminalViewTests
{
    private LoopbackDevice _device = null!;

    [SetUp]
    public void SetUp()
    {
        _device = LoopbackDevice.Start(new SimulatorOptions { Signal = SignalModel.Constant(-18) });
        _device.Simulator.SetChannelName(2, "Lectern");
        _device.Simulator.SetMuted(3, true);
    }

    [TearDown]
    public async Task TearDown() => await _device.DisposeAsync();

    [Test]
    public async Task Meter_OnATerminal_DrawsABarPerOutput_WithNamesAndMarks()
    {
        var terminal = new TestConsole().Width(120);
        var (code, output, error) = await RunOnTerminalAsync(terminal, "meter", _device.Host, "--rate", "100", "--count", "2");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.Empty, "the view goes to the terminal, not to plain stdout");
        var screen = terminal.Output;
        Assert.That(screen, Does.Contain("OUT").And.Contain("NAME").And.Contain("LEVEL").And.Contain("CLIP").And.Contain("LIMIT").And.Contain("MUTE"));
        Assert.That(screen, Does.Contain("Lectern"), "the header names each output");
        Assert.That(screen, Does.Contain("█"), "a bar");
        Assert.That(screen, Does.Contain("-18"), "the level in dBFS");
        Assert.That(screen, Does.Contain("MUTED"), "output 3 is muted");
        Assert.That(_device.Simulator.MeterRate, Is.Zero, "metering stopped on exit");
    }

    [Test]
    public async Task Status_OnATerminal_IsATable_WithMutedAndNone()
    {
        var terminal = new TestConsole().Width(120);
        var (code, _, error) = await RunOnTerminalAsync(terminal, "status", _device.Host);

        Assert.That(code, Is.Zero, error);
        var screen = terminal.Output;
        Assert.That(screen, Does.Contain("╭"), "a table");
        Assert.That(screen, Does.Contain("MUTED"));
        Assert.That(screen, Does.Contain("Preset").And.Contain("none"), "no preset recalled yet");
        Assert.That(screen, Does.Contain("Lectern"));
    }

    [Test]
    public async Task Status_Redirected_PrintsPlainLines_WithMarks()
    {
        var (code, output, error) = await InProcessShureRun("status", _device.Host);
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("preset none"));
        var channel3 = output.Split('\n').Single(l => l.StartsWith("3 ", StringComparison.Ordinal));
        Assert.That(channel3, Does.Contain("MUTED"));
        Assert.That(output, Does.Not.Contain("╭"), "no box drawing when redirected");
    }

    [Test]
    public async Task VerbosityTrace_LogsEveryFrameOnStderr()
    {
        var (code, output, error) = await InProcessShureRun("-v", "trace", "gain", _device.Host, "1", "-3");
        Assert.That(code, Is.Zero, error);
        Assert.That(output.Trim(), Is.EqualTo("Output 1: -3.0 dB"));
        Assert.That(error, Does.Contain("-> < SET 1 AUDIO_GAIN_HI_RES 1070 >"));
        Assert.That(error, Does.Contain("<- < REP 1 AUDIO_GAIN_HI_RES 1070 >"));

        (code, _, error) = await InProcessShureRun("gain", _device.Host, "1", "-4");
        Assert.That((code, error), Is.EqualTo((0, string.Empty)), "silent without -v");
    }

    [Test]
    public async Task Apply_OnATerminal_ShowsTheReportOnce_AsATable()
    {
        var file = Path.Combine(Path.GetTempPath(), $"room-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, $$"""{ "devices": [ { "name": "Room 1", "find": { "host": "{{_device.Host}}" }, "outputs": { "1": { "gainDb": -7 } } } ] }""");
        try
        {
            var terminal = new TestConsole().Width(120);
            var (code, output, error) = await RunOnTerminalAsync(terminal, "apply", file);
            Assert.That(code, Is.Zero, error);
            Assert.That(error, Is.Empty, "no progress lines beside the live table");
            var screen = terminal.Output;
            Assert.That(screen, Does.Contain("outputs.1.gainDb").And.Contain("changed"));
            Assert.That(screen.Split("outputs.1.gainDb").Length - 1, Is.EqualTo(1), "the report once");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Watch_Table_ListsEachPresentDevice_WithControlAndDanteApart()
    {
        var device = new ShureDrivers.Discovery.DiscoveredDevice("ANI4OUT-0a0b0c", "ANI4OUT-XLR", "ANI4OUT-0a0b0c.local", "0a0b0c", null,
            [System.Net.IPAddress.Parse("192.168.1.20")], 2202, ["_http._tcp"], new System.Collections.Generic.Dictionary<string, string>(), "eth0",
            [System.Net.IPAddress.Parse("192.168.2.20")]);
        var terminal = new TestConsole().Width(140);
        terminal.Write(ShureDrivers.Cli.Commands.WatchView.Build(new System.Collections.Generic.Dictionary<string, (ShureDrivers.Discovery.DiscoveredDevice, DateTimeOffset)>
        {
            [device.HostName] = (device, DateTimeOffset.Now),
        }));
        Assert.That(terminal.Output, Does.Contain("192.168.1.20:2202").And.Contain("192.168.2.20").And.Contain("1 device(s)"));
    }

    private static async Task<(int Code, string Output, string Error)> RunOnTerminalAsync(TestConsole terminal, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ShureCli.RunAsync(args, new CliConsole(output, error, TextReader.Null, terminal: terminal));
        return (code, output.ToString(), error.ToString());
    }

    private static Task<(int Code, string Output, string Error)> InProcessShureRun(params string[] args) => Support.InProcessShure.RunAsync(args);
}
