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

/// <summary>The commands on an ANI4IN, in memory: inputs in the JSON, the preamp and phantom power, and a clear exit 2 where a setting is the other model's.</summary>
[CancelAfter(20_000)]
public class Ani4InCommandTests : InMemoryCommandFixture
{
    private protected override Ani4OutSimulator CreateSimulator() => new Ani4OutSimulator(new SimulatorOptions { Family = SimulatedFamily.Ani4In });

    [Test]
    public async Task Status_ListsInputs_WithPreampAndPhantom()
    {
        Sim.SetValue(Ani4InParameters.AudioGain, CommandValue.FromNumber(42), 2);
        Sim.SetValue(Ani4InParameters.PhantomPowerEnable, CommandValue.FromSwitch(true), 2);
        Assert.That(await StatusCommand.RunAsync(Call(json: true), CancellationToken.None), Is.EqualTo(ExitCodes.Ok), Error.ToString());
        using var doc = JsonDocument.Parse(Out.ToString());
        var root = doc.RootElement;
        Assert.That(root.GetProperty("model").GetString(), Is.EqualTo("ANI4IN-XLR"));
        Assert.That(root.TryGetProperty("outputs", out _), Is.False, "an ANI4IN has no outputs");
        var input = root.GetProperty("inputs")[1];
        Assert.That(input.GetProperty("analogGainDb").GetInt32(), Is.EqualTo(42));
        Assert.That(input.GetProperty("phantom").GetBoolean(), Is.True);
        Assert.That(input.GetProperty("gainDb").GetDouble(), Is.Zero);
        Assert.That(root.GetProperty("meterMode").GetString(), Is.EqualTo("PRE_FADER"));
    }

    [Test]
    public async Task Status_AsText_ShowsThePreampColumn()
    {
        Assert.That(await StatusCommand.RunAsync(Call(), CancellationToken.None), Is.EqualTo(ExitCodes.Ok), Error.ToString());
        Assert.That(Out.ToString(), Does.Contain("PREAMP").And.Contain("Input 4"));
    }

    [Test]
    public async Task GainAnalog_SetsThePreamp()
    {
        Assert.That(await GainCommand.SetAnalogAsync(Call(), 2, 24, CancellationToken.None), Is.EqualTo(ExitCodes.Ok), Error.ToString());
        Assert.That(Out.ToString().Trim(), Is.EqualTo("Input 2: preamp 24 dB"));
        Assert.That(Sim.GetValue(Ani4InParameters.AudioGain, 2).Number, Is.EqualTo(24));
    }

    [Test]
    public async Task Gain_OnAnInput_SetsItsDigitalGain_AndSaysInput()
    {
        Assert.That(await GainCommand.SetAsync(Call(json: true), 3, Gain.FromDb(-4), CancellationToken.None), Is.EqualTo(ExitCodes.Ok), Error.ToString());
        using var doc = JsonDocument.Parse(Out.ToString());
        Assert.That(doc.RootElement.GetProperty("inputs")[0].GetProperty("gainDb").GetDouble(), Is.EqualTo(-4));
        Assert.That(Sim.GetGain(3), Is.EqualTo(Gain.FromDb(-4)));
    }

    [Test]
    public async Task Phantom_TurnsItOn()
    {
        Assert.That(await PhantomCommand.RunAsync(Call(), 1, true, CancellationToken.None), Is.EqualTo(ExitCodes.Ok), Error.ToString());
        Assert.That(Sim.GetValue(Ani4InParameters.PhantomPowerEnable, 1).TryGetSwitch(out var on) && on, Is.True);
        Assert.That(Out.ToString().Trim(), Is.EqualTo("Input 1: phantom power on"));
    }

    [Test]
    public async Task MuteAll_ListsFourInputs()
    {
        Assert.That(await MuteCommand.RunAsync(Call(json: true), null, true, CancellationToken.None), Is.EqualTo(ExitCodes.Ok), Error.ToString());
        using var doc = JsonDocument.Parse(Out.ToString());
        Assert.That(doc.RootElement.GetProperty("inputs").GetArrayLength(), Is.EqualTo(4));
    }

    [Test]
    public async Task Level_OnAnAni4In_Exits2_AndSaysWhy()
    {
        Assert.That(await LevelCommand.RunAsync(Call(), 1, OutputLevel.Mic, CancellationToken.None), Is.EqualTo(ExitCodes.Usage));
        Assert.That(Error.ToString(), Does.Contain("ANI4IN").And.Contain("ANI4OUT setting"));
    }

    [Test]
    public async Task PhantomAndThePreamp_OnAnAni4Out_Exit2_BeforeAnyChange()
    {
        using var output = new Ani4OutSimulator(new SimulatorOptions());
        Assert.That(await PhantomCommand.RunAsync(Call(sim: output), 1, true, CancellationToken.None), Is.EqualTo(ExitCodes.Usage));
        Assert.That(Error.ToString(), Does.Contain("phantom power is an ANI4IN setting"));
        Assert.That(await GainCommand.SetAnalogAsync(Call(sim: output), 1, 24, CancellationToken.None), Is.EqualTo(ExitCodes.Usage));
        Assert.That(output.ReceivedFrames.Where(f => f.StartsWith("< SET", StringComparison.Ordinal)), Is.Empty, "nothing was changed");
    }

    [Test]
    public async Task Raw_TakesTheAni4InsOwnParameters()
    {
        Assert.That(await RawCommand.RunAsync(Call(), CommandString.Get(2, Ani4InParameters.PhantomPowerEnable), CancellationToken.None), Is.EqualTo(ExitCodes.Ok), Error.ToString());
        Assert.That(Out.ToString().Trim(), Is.EqualTo("< REP 2 PHANTOM_PWR_ENABLE OFF >"));
    }

    [TestCase("'25' is not a preamp gain", "gain", "1", "25", "--analog")]
    [TestCase("A preamp gain step is a multiple of 3 dB", "gain", "1", "--up", "4", "--analog")]
    [TestCase("maybe", "phantom", "1", "maybe")]
    public async Task BadArguments_Exit2_WithoutConnecting(string expected, string command, params string[] rest)
    {
        var (code, _, error) = await InProcessShure.RunAsync(["--verbosity", "quiet", command, "127.0.0.1:9", .. rest]);
        Assert.That(code, Is.EqualTo(ExitCodes.Usage), error);
        Assert.That(error, Does.Contain(expected));
    }

    [TestCase("ANI4IN", "Ani4In", "Xlr")]
    [TestCase("ani4out,ani4in", "Ani4Out,Ani4In", "Xlr")]
    [TestCase("ANI4IN-BLOCK,ANI4OUT", "Ani4In,Ani4Out", "Block")]
    [TestCase("block", "Ani4Out", "Block")]
    [TestCase("xlr", "Ani4Out", "Xlr")]
    public void SimulateModel_Parses(string text, string families, string variant)
    {
        var parsed = SimulatedModels.TryParse(text, out var problem);
        Assert.That(problem, Is.Null);
        Assert.That(string.Join(",", parsed!.Value.Families), Is.EqualTo(families));
        Assert.That(parsed.Value.Variant.ToString(), Is.EqualTo(variant));
    }

    [TestCase("ANI4IN-BLOCK,ANI4OUT-XLR")]
    [TestCase("P300")]
    [TestCase("ANI4IN-FOO")]
    [TestCase("")]
    public void SimulateModel_RefusesWhatItCannotPlay(string text) =>
        Assert.That(SimulatedModels.TryParse(text, out var problem), Is.Null, problem);
}
