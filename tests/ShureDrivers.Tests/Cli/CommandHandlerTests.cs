using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Cli;
using ShureDrivers.Cli.Commands;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Cli;

/// <summary>
/// The commands' handlers called with typed values and an in-memory connector: no command line, no TCP, no ports.
/// What each prints and the exit code it returns are the command's, as a script sees them.
/// </summary>
[CancelAfter(20_000)]
public class CommandHandlerTests : InMemoryCommandFixture
{
    private protected override Ani4OutSimulator CreateSimulator() => new Ani4OutSimulator(new SimulatorOptions());

    [Test]
    public async Task Gain_SetsTheOutput_AndPrintsWhatTheDeviceTook()
    {
        var code = await GainCommand.SetAsync(Call(), 2, Gain.FromDb(-12), CancellationToken.None);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), Error.ToString());
        Assert.That(Sim.GetGain(2), Is.EqualTo(Gain.FromDb(-12)));
        Assert.That(Out.ToString().Trim(), Is.EqualTo("Output 2: -12.0 dB"));
    }

    [Test]
    public async Task GainStep_IsClampedAtTheTop()
    {
        Sim.SetGain(1, Gain.FromDb(28));
        var code = await GainCommand.StepAsync(Call(json: true), 1, 6, CancellationToken.None);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), Error.ToString());
        using var doc = JsonDocument.Parse(Out.ToString());
        Assert.That(doc.RootElement.GetProperty("outputs")[0].GetProperty("gainDb").GetDouble(), Is.EqualTo(30));
    }

    [Test]
    public async Task MuteAllToggle_FlipsEachOutput()
    {
        Sim.SetMuted(3, true);
        var code = await MuteCommand.RunAsync(Call(json: true), channel: null, muted: null, CancellationToken.None);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), Error.ToString());
        Assert.That(Enumerable.Range(1, 4).Select(Sim.IsMuted), Is.EqualTo(new[] { true, true, false, true }));
        using var doc = JsonDocument.Parse(Out.ToString());
        Assert.That(doc.RootElement.GetProperty("command").GetString(), Is.EqualTo("mute"));
    }

    [Test]
    public async Task ARejectedSet_Exits4_WithTheDevicesWords()
    {
        Sim.Faults.RejectWhen = c => c.Kind == CommandKind.Set && c.Name == "AUDIO_OUT_LVL_SWITCH";
        var code = await LevelCommand.RunAsync(Call(), 1, OutputLevel.Mic, CancellationToken.None);
        Assert.That(code, Is.EqualTo(ExitCodes.Rejected));
        Assert.That(Error.ToString(), Does.Contain("AUDIO_OUT_LVL_SWITCH"));
        Assert.That(Out.ToString(), Is.Empty, "nothing claims the change happened");
    }

    [Test]
    public async Task Preset_Recalls_AndListsTheNames()
    {
        Sim.SavePreset(4, "Lecture");
        var code = await PresetCommand.RunAsync(Call(), 4, CancellationToken.None);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), Error.ToString());
        Assert.That(Sim.ActivePreset, Is.EqualTo(4));
        Assert.That(Out.ToString(), Does.Contain("Active preset: 4").And.Contain(" 4  Lecture"));
    }

    [Test]
    public async Task Raw_DefaultSettings_PrintsTheReplyTheTableNames()
    {
        // The defect #21 named: raw had its own answer rule and called this reply "no reply".
        var code = await RawCommand.RunAsync(Call(), CommandString.Set("DEFAULT_SETTINGS"), CancellationToken.None);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), Error.ToString());
        Assert.That(Out.ToString(), Does.Contain("REP PRESET 00").Or.Contain("REP DEFAULT_SETTINGS"));
    }

    [Test]
    public async Task AnUnreachableDevice_Exits3()
    {
        Sim.Faults.RefuseConnections = true;
        var code = await StatusCommand.RunAsync(Call(), CancellationToken.None);
        Assert.That(code, Is.EqualTo(ExitCodes.Unreachable));
        Assert.That(Error.ToString(), Is.Not.Empty);
    }

    [Test]
    public async Task Snapshot_WritesARoomFile_LocatedAtTheTarget()
    {
        var code = await SnapshotCommand.RunAsync(Call(target: "rack.example:2299"), CancellationToken.None);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), Error.ToString());
        using var doc = JsonDocument.Parse(Out.ToString());
        Assert.That(doc.RootElement.GetProperty("devices")[0].GetProperty("find").GetProperty("host").GetString(), Is.EqualTo("rack.example:2299"));
    }

    [TestCase("10.0.0.5", 2299, "10.0.0.5:2299")]
    [TestCase("10.0.0.5:2202", 2299, "10.0.0.5:2299")]
    [TestCase("ANI4OUT-aabbcc.local", null, "ANI4OUT-aabbcc.local")]
    [TestCase("[fe80::1]:2202", 2300, "[fe80::1]:2300")]
    [TestCase("fe80::1", 2300, "[fe80::1]:2300")]
    public void Target_AppliesPort_WithTheCoresHostParser(string host, int? port, string expected) =>
        Assert.That(DeviceCommandSupport.Target(host, port), Is.EqualTo(expected));

    [Test]
    public void Target_RefusesWhatIsNotAHost() =>
        Assert.Throws<ArgumentException>(() => DeviceCommandSupport.Target("a<b", 2202));
}
