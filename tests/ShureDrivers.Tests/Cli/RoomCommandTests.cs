using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Cli;
using ShureDrivers.Simulator;
using static ShureDrivers.Tests.Support.InProcessShure;

namespace ShureDrivers.Tests.Cli;

/// <summary>shure apply and shure snapshot against a four-device simulated fleet on loopback TCP.</summary>
[Category("Loopback")]
[CancelAfter(60_000)]
public class RoomCommandTests
{
    private Ani4OutFleet _fleet = null!;
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 4, UsePorts = true });
        _fleet.Devices[0].Simulator.SavePreset(2, "Talk");
        _dir = Directory.CreateTempSubdirectory("shure-room-").FullName;
    }

    [TearDown]
    public async Task TearDown()
    {
        await _fleet.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task Apply_ReportsChanges_ThenAllUnchanged_AndDryRunSendsNoSet()
    {
        var file = WriteRoom();
        var (dry, dryJson, _) = await RunAsync("apply", file, "--dry-run", "--json");
        Assert.That(dry, Is.Zero);
        Assert.That(Results(dryJson), Does.Contain("would change"));
        Assert.That(_fleet.Devices.SelectMany(d => d.Simulator.ReceivedFrames).Where(f => f.StartsWith("< SET", StringComparison.Ordinal)), Is.Empty, "the simulators' logs show no SET");

        var (code, json, progress) = await RunAsync("apply", file, "--json");
        Assert.That(code, Is.Zero);
        var root = JsonDocument.Parse(json).RootElement;
        var first = root.GetProperty("devices")[0];
        Assert.That(first.GetProperty("name").GetString(), Is.EqualTo("Room 1"));
        Assert.That(first.GetProperty("address").GetString(), Is.EqualTo(_fleet.Devices[0].ControlEndPoint.Address.ToString()));
        Assert.That(first.GetProperty("port").GetInt32(), Is.EqualTo(_fleet.Devices[0].ControlEndPoint.Port));
        Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("ok"));
        var gain = first.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("path").GetString() == "outputs.2.gainDb");
        Assert.That((gain.GetProperty("from").GetDouble(), gain.GetProperty("to").GetDouble(), gain.GetProperty("result").GetString()), Is.EqualTo((0.0, -12.5, "changed")), "numbers as numbers");
        Assert.That(Results(json), Does.Contain("changed"));
        Assert.That(progress, Does.Contain("Room 4"));
        Assert.That(_fleet.Devices.All(d => d.Simulator.GetGain(2) == Gain.FromDb(-12.5)), Is.True);
        Assert.That(_fleet.Devices[0].Simulator.ActivePreset, Is.EqualTo(2));

        var (again, againJson, _) = await RunAsync("apply", file, "--json");
        Assert.That(again, Is.Zero);
        Assert.That(Results(againJson).Distinct(), Is.EqualTo(new[] { "unchanged" }));

        var (table, text, _) = await RunAsync("apply", file);
        Assert.That(table, Is.Zero);
        Assert.That(text, Does.StartWith("DEVICE"));
    }

    [Test]
    public async Task Apply_OnATerminal_RedrawsALiveStatusLine_RedirectedGetsPlainLinesOnly()
    {
        var file = WriteRoom();
        var terminal = new StringWriter();
        Assert.That(await ShureCli.RunAsync(["apply", file], new CliConsole(TextWriter.Null, terminal, TextReader.Null, errorIsTerminal: true)), Is.Zero);
        var live = terminal.ToString();

        // Ordinal: culture-aware matching ignores control characters such as ESC.
        Assert.That(live.StartsWith("[0/4] devices done", StringComparison.Ordinal), Is.True, live);
        Assert.That(live.Contains("\r\u001b[K  Room 1:", StringComparison.Ordinal), Is.True, live);
        Assert.That(live.Contains("[4/4] devices done", StringComparison.Ordinal), Is.True, live);
        Assert.That(live.EndsWith("\r\u001b[K", StringComparison.Ordinal), Is.True, "the status line is cleared before the table");

        var (_, _, redirected) = await RunAsync("apply", file);
        Assert.That(redirected.Contains('\u001b', StringComparison.Ordinal) || redirected.Contains("devices done", StringComparison.Ordinal), Is.False, redirected);
        Assert.That(redirected.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(4));
    }

    [Test]
    public async Task Apply_InvalidFile_ExitsWith2_ListingEveryProblem()
    {
        var file = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(file, """{ "devices": [ { "name": "a", "find": { "host": "x" }, "outputs": { "9": {}, "1": { "gainDb": 99 } } } ] }""");
        var (code, _, error) = await RunAsync("apply", file);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("$.devices[0].outputs.9").And.Contain("$.devices[0].outputs.1.gainDb"));
        Assert.That((await RunAsync("apply", Path.Combine(_dir, "missing.json"))).Code, Is.EqualTo(2));
    }

    [Test]
    public async Task Apply_DevZero_StopsAtTheCap_AndExitsWith2()
    {
        Assume.That(File.Exists("/dev/zero"), "a character device that never ends");
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var (code, _, error) = await RunAsync("apply", "/dev/zero", "--dry-run");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("larger than"));
        Assert.That(GC.GetTotalMemory(forceFullCollection: true) - before, Is.LessThan(64L << 20), "no unbounded read");
    }

    [Test]
    public async Task Apply_ANameWithAnEscapeSequence_IsRefused_AndNothingRawReachesTheTerminal()
    {
        var file = Path.Combine(_dir, "escape.json");
        await File.WriteAllTextAsync(file, """{ "devices": [ { "name": "\u001b]0;pwned\u0007x", "find": { "host": "x" } } ] }""");
        var (code, output, error) = await RunAsync("apply", file);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("control characters"));
        Assert.That((output + error).Contains('\u001b', StringComparison.Ordinal), Is.False, "no raw ESC");
    }

    [Test]
    public async Task Apply_UnreachableExits3_FailedSettingExits5()
    {
        _fleet.Devices[3].Simulator.Faults.RejectWhen = c => c.Name == "AUDIO_MUTE" && c.Kind == ShureDrivers.Protocol.CommandKind.Set;
        var unreachable = WriteRoom(extraDevice: """, { "name": "Gone", "find": { "host": "127.0.0.1:1" } }""");
        Assert.That((await RunAsync("apply", unreachable, "--timeout", "2")).Code, Is.EqualTo(3), "unreachable outranks a failed setting");

        var (code, json, _) = await RunAsync("apply", WriteRoom(), "--json");
        Assert.That(code, Is.EqualTo(5));
        Assert.That(json, Does.Contain("REP ERR"));
    }

    [Test]
    public async Task Snapshot_RoundTripsThroughApplyUnchanged()
    {
        var sim = _fleet.Devices[1].Simulator;
        sim.SetGain(3, Gain.FromDb(-4.5));
        sim.SetMuted(4, true);
        var (code, json, _) = await RunAsync("snapshot", _fleet.Devices[1].ControlEndPoint.ToString());
        Assert.That(code, Is.Zero);
        var file = Path.Combine(_dir, "snap.json");
        await File.WriteAllTextAsync(file, json);
        var (applied, report, _) = await RunAsync("apply", file, "--json");
        Assert.That(applied, Is.Zero);
        Assert.That(Results(report).Distinct(), Is.EqualTo(new[] { "unchanged" }));
    }

    private string WriteRoom(string extraDevice = "")
    {
        var devices = _fleet.Devices.Select((d, i) => $$"""
            { "name": "Room {{i + 1}}", "find": { "host": "{{d.ControlEndPoint}}" },{{(i == 0 ? " \"preset\": 2," : string.Empty)}}
              "outputs": { "2": { "gainDb": -12.5, "muted": true }, "4": { "level": "aux" } } }
            """);
        var file = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, "{ \"devices\": [ " + string.Join(", ", devices) + extraDevice + " ] }");
        return file;
    }

    private static string[] Results(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("devices").EnumerateArray()
            .SelectMany(d => d.GetProperty("settings").EnumerateArray()).Select(s => s.GetProperty("result").GetString()!).ToArray();
}
