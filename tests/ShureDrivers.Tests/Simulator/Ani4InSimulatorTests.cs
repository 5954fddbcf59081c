using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

/// <summary>The simulated ANI4IN against the examples of its command-string document, and fleets of both models.</summary>
[CancelAfter(20_000)]
public class Ani4InSimulatorTests
{
    private Ani4OutSimulator _sim = null!;
    private FrameClient _client = null!;

    [SetUp]
    public void SetUp()
    {
        _sim = new Ani4OutSimulator(new SimulatorOptions { Family = SimulatedFamily.Ani4In });
        _client = new FrameClient(_sim.ConnectInMemory());
    }

    [TearDown]
    public async Task TearDown()
    {
        await _client.DisposeAsync();
        _sim.Dispose();
    }

    // The document's request and reply forms (docs/protocol-reference-ani4in.md).
    [TestCase("< GET MODEL >", "< REP MODEL {ANI4IN-XLR                      } >")]
    [TestCase("< GET 1 AUDIO_GAIN >", "< REP 1 AUDIO_GAIN 00 >")]
    [TestCase("< SET 1 AUDIO_GAIN 24 >", "< REP 1 AUDIO_GAIN 24 >")]
    [TestCase("< SET 1 AUDIO_GAIN 25 >", "< REP ERR >")]
    [TestCase("< SET 1 AUDIO_GAIN 54 >", "< REP ERR >")]
    [TestCase("< SET 2 AUDIO_GAIN INC 06 >", "< REP 2 AUDIO_GAIN 06 >")]
    [TestCase("< SET 2 AUDIO_GAIN INC 04 >", "< REP ERR >")]
    [TestCase("< GET 2 PHANTOM_PWR_ENABLE >", "< REP 2 PHANTOM_PWR_ENABLE OFF >")]
    [TestCase("< SET 2 PHANTOM_PWR_ENABLE ON >", "< REP 2 PHANTOM_PWR_ENABLE ON >")]
    [TestCase("< GET 3 HW_GATING_LOGIC >", "< REP 3 HW_GATING_LOGIC OFF >")]
    [TestCase("< GET INPUT_METER_MODE >", "< REP INPUT_METER_MODE PRE_FADER >")]
    [TestCase("< SET INPUT_METER_MODE POST_FADER >", "< REP INPUT_METER_MODE POST_FADER >")]
    [TestCase("< GET 1 AUDIO_GAIN_HI_RES >", "< REP 1 AUDIO_GAIN_HI_RES 1100 >")]
    [TestCase("< SET 1 AUDIO_OUT_LVL_SWITCH LINE_LVL >", "< REP ERR >")]
    [TestCase("< GET OUTPUT_METER_MODE >", "< REP ERR >")]
    public async Task AnswersAsTheDocumentShows(string request, string reply) =>
        Assert.That(await _client.RequestAsync(request), Is.EqualTo(reply));

    [Test]
    public async Task AnalogGainSteps_SaturateAt51()
    {
        await _client.RequestAsync("< SET 4 AUDIO_GAIN 48 >");
        Assert.That(await _client.RequestAsync("< SET 4 AUDIO_GAIN INC 09 >"), Is.EqualTo("< REP 4 AUDIO_GAIN 51 >"));
        Assert.That(await _client.RequestAsync("< SET 4 AUDIO_GAIN DEC 51 >"), Is.EqualTo("< REP 4 AUDIO_GAIN 00 >"));
    }

    [Test]
    public async Task ThePresetKeepsThePreampAndPhantomPower()
    {
        _sim.SetValue(ShureDrivers.Protocol.Ani4InParameters.AudioGain, ShureDrivers.Protocol.CommandValue.FromNumber(21), 1);
        _sim.SetValue(ShureDrivers.Protocol.Ani4InParameters.PhantomPowerEnable, ShureDrivers.Protocol.CommandValue.FromSwitch(true), 1);
        _sim.SavePreset(2, "Panel");
        await _client.RequestAsync("< SET 1 AUDIO_GAIN 00 >");
        await _client.RequestAsync("< SET 1 PHANTOM_PWR_ENABLE OFF >");
        await _client.SendAsync("< SET PRESET 2 >");
        var frames = await _client.NextUntilAsync(f => f.StartsWith("< REP PRESET ", System.StringComparison.Ordinal));
        Assert.That(_sim.GetValue(ShureDrivers.Protocol.Ani4InParameters.AudioGain, 1).Number, Is.EqualTo(21));
        Assert.That(frames, Does.Contain("< REP 1 PHANTOM_PWR_ENABLE ON >"));
    }

    [Test]
    public async Task AMixedFleet_PlaysBothModels_InTurn()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 4, UsePorts = true, PacketBridge = false, Families = [SimulatedFamily.Ani4Out, SimulatedFamily.Ani4In] });
        Assert.That(fleet.Devices.Select(d => d.Simulator.ModelName), Is.EqualTo(new[] { "ANI4OUT-XLR", "ANI4IN-XLR", "ANI4OUT-XLR", "ANI4IN-XLR" }));
        Assert.That(fleet.Devices[1].Simulator.HostName, Does.StartWith("ANI4IN-"));

        await using var input = await Ani4InDevice.ConnectAsync(fleet.Devices[1].ControlEndPoint.ToString());
        await using var output = await Ani4OutDevice.ConnectAsync(fleet.Devices[0].ControlEndPoint.ToString());
        Assert.That((input.Model, output.Model), Is.EqualTo(("ANI4IN-XLR", "ANI4OUT-XLR")));
    }

    [Test]
    public void AFleetWithNoFamily_IsRefused() =>
        Assert.Throws<System.ArgumentException>(() => Ani4OutFleet.Start(new FleetOptions { UsePorts = true, Families = new List<SimulatedFamily>() }));
}
