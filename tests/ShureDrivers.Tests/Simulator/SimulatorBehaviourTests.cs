using Microsoft.Extensions.Time.Testing;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

[CancelAfter(20_000)]
public class SimulatorBehaviourTests
{
    private FakeTimeProvider _time = null!;
    private readonly List<IAsyncDisposable> _clients = [];
    private readonly List<Ani4OutSimulator> _simulators = [];

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider();

    [TearDown]
    public async Task TearDown()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _clients.Clear();
        _simulators.ForEach(s => s.Dispose());
        _simulators.Clear();
    }

    [Test]
    public async Task Set_IsReportedToEverySession_ButGetOnlyToTheAsker()
    {
        var sim = Create();
        var a = Connect(sim);
        var b = Connect(sim);

        Assert.That(await a.RequestAsync("< GET 1 AUDIO_MUTE >"), Is.EqualTo("< REP 1 AUDIO_MUTE OFF >"));
        Assert.That(await a.RequestAsync("< SET 1 AUDIO_MUTE ON >"), Is.EqualTo("< REP 1 AUDIO_MUTE ON >"));

        // B's first frame is the SET's report: A's GET answer never reached it.
        Assert.That(await b.NextAsync(), Is.EqualTo("< REP 1 AUDIO_MUTE ON >"));
    }

    [Test]
    public async Task GetRepliesToAllSessions_Option_FansOutGetAnswers()
    {
        var sim = Create(o => o.GetRepliesToAllSessions = true);
        var a = Connect(sim);
        var b = Connect(sim);
        Assert.That(await a.RequestAsync("< GET 2 AUDIO_MUTE >"), Is.EqualTo("< REP 2 AUDIO_MUTE OFF >"));
        Assert.That(await b.NextAsync(), Is.EqualTo("< REP 2 AUDIO_MUTE OFF >"));
    }

    [Test]
    public async Task ApiChanges_AsFromTheWebApp_AreReportedToEverySession()
    {
        var sim = Create();
        var a = Connect(sim);
        var b = Connect(sim);
        await a.RequestAsync("< GET MODEL >"); // both sessions are registered once a round trip completed
        await b.RequestAsync("< GET MODEL >");

        sim.SetGain(3, Gain.FromDb(-12.5));
        sim.SetChannelName(2, "Lobby");
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP 3 AUDIO_GAIN_HI_RES 0975 >"));
        Assert.That(await b.NextAsync(), Is.EqualTo("< REP 3 AUDIO_GAIN_HI_RES 0975 >"));
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP 2 CHAN_NAME {Lobby                          } >"));
        Assert.That(await b.NextAsync(), Is.EqualTo("< REP 2 CHAN_NAME {Lobby                          } >"));
    }

    [Test]
    public async Task ApiChange_ToTheSameValue_IsNotReported()
    {
        var sim = Create();
        var a = Connect(sim);
        await a.RequestAsync("< GET MODEL >");
        sim.SetMuted(1, false);
        Assert.That(await a.RequestAsync("< GET 1 AUDIO_MUTE >"), Is.EqualTo("< REP 1 AUDIO_MUTE OFF >"));
    }

    [Test]
    public void Api_RefusesValuesTheDeviceCannotHold()
    {
        var sim = Create();
        Assert.Throws<ArgumentException>(() => sim.SetChannelName(1, "has > bracket"));
        Assert.Throws<ArgumentException>(() => sim.SetChannelName(1, new string('x', 32)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.SetMuted(5, true));
        Assert.Throws<ArgumentException>(() => sim.SetValue("AUDIO_GAIN", CommandValue.FromNumber(1), 1));
        Assert.Throws<ArgumentException>(() => sim.SavePreset(1, "way too long a preset name for it"));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.SavePreset(11, "x"));
    }

    [Test]
    public async Task GetZeroAll_DumpsTheDeviceAndEveryChannel()
    {
        var sim = Create();
        var a = Connect(sim);
        await a.SendAsync("< GET 0 ALL >< GET NOT_A_PARAMETER >");
        var frames = await a.NextUntilAsync(f => f == "< REP ERR >");
        var parsed = frames.SkipLast(1).Select(CommandStringParser.Ani4Out.Parse).ToList();

        var table = Ani4OutCommandTable.Table;
        var deviceRows = table.Parameters.Count(p => p.Scope == ParameterScope.Device && (p.Access & ParameterAccess.Get) != 0 && p.ValueKind != ParameterValueKind.Dump);
        var channelRows = table.Parameters.Count(p => p.Scope == ParameterScope.Channel && p.GetIndexes is null);
        var expected = deviceRows + (4 * channelRows) + (4 * 4); // PEQ: 4 blocks × 4 filters
        Assert.That(parsed, Has.Count.EqualTo(expected));
        Assert.That(parsed.All(p => table.TryValidate(p, out _)), Is.True);
        Assert.That(parsed.Count(p => p.Name == "AUDIO_GAIN_HI_RES"), Is.EqualTo(4));
        Assert.That(parsed.Count(p => p.Name == "PEQ"), Is.EqualTo(16));
    }

    [Test]
    public async Task GetChannelAll_DumpsTheDeviceAndThatChannel()
    {
        var sim = Create();
        var a = Connect(sim);
        await a.SendAsync("< GET 2 ALL >< GET 1 AUDIO_MUTE >");
        var frames = await a.NextUntilAsync(f => f == "< REP 1 AUDIO_MUTE OFF >");
        var parsed = frames.Select(CommandStringParser.Ani4Out.Parse).Where(p => p.Channel is not null).ToList();
        Assert.That(parsed.Take(parsed.Count - 1).All(p => p.Channel == 2), Is.True);
    }

    [Test]
    public async Task GetAllForms_FollowTheOptions()
    {
        var strict = Create(o => o.AcceptGetZeroAll = false);
        Assert.That(await Connect(strict).RequestAsync("< GET 0 ALL >"), Is.EqualTo("< REP ERR >"));
        Assert.That(await Connect(strict).RequestAsync("< GET ALL >"), Is.EqualTo("< REP ERR >"));

        var newer = Create(o => o.AcceptGetAllWithoutChannel = true);
        var client = Connect(newer);
        await client.SendAsync("< GET ALL >");
        Assert.That(await client.NextAsync(), Does.StartWith("< REP MODEL"));
    }

    [Test]
    public async Task Metering_SendsOneSamplePerPeriod_OnTheSimulatorClock()
    {
        var sim = Create(o => o.Signal = SignalModel.Constant(-20));
        var a = Connect(sim);
        Assert.That(await a.RequestAsync("< SET METER_RATE 00100 >"), Is.EqualTo("< REP METER_RATE 00100 >"));

        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.That(await a.RequestAsync("< GET 1 AUDIO_MUTE >"), Is.EqualTo("< REP 1 AUDIO_MUTE OFF >"), "no SAMPLE before the first period");

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await a.NextAsync(), Is.EqualTo("< SAMPLE 040 040 040 040 >"));

        _time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 10; i++)
        {
            Assert.That(await a.NextAsync(), Is.EqualTo("< SAMPLE 040 040 040 040 >"));
        }

        Assert.That(await a.RequestAsync("< SET METER_RATE 0 >"), Is.EqualTo("< REP METER_RATE 00000 >"));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(await a.RequestAsync("< GET METER_RATE >"), Is.EqualTo("< REP METER_RATE 00000 >"), "no SAMPLE after metering stopped");
    }

    [Test]
    public async Task Metering_PostFader_FollowsGainAndMute_PreFaderDoesNot()
    {
        var sim = Create(o => o.Signal = SignalModel.Constant(-20));
        var a = Connect(sim);
        await a.RequestAsync("< SET 2 AUDIO_GAIN_HI_RES 1000 >"); // -10 dB
        await a.RequestAsync("< SET 3 AUDIO_MUTE ON >");
        await a.RequestAsync("< SET 4 AUDIO_GAIN_HI_RES 1400 >"); // +30 dB: clips to 060
        await a.RequestAsync("< SET METER_RATE 1000 >");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await a.NextAsync(), Is.EqualTo("< SAMPLE 040 030 000 060 >"));

        await a.RequestAsync("< SET OUTPUT_METER_MODE PRE_FADER >");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await a.NextAsync(), Is.EqualTo("< SAMPLE 040 040 040 040 >"));
    }

    [Test]
    public async Task Metering_OnlyToTheOwner_WhenSamplesAreNotShared()
    {
        var sim = Create(o =>
        {
            o.Signal = SignalModel.Silence;
            o.SamplesToAllSessions = false;
        });
        var a = Connect(sim);
        var b = Connect(sim);
        await b.RequestAsync("< GET MODEL >");
        await a.RequestAsync("< SET METER_RATE 100 >");
        Assert.That(await b.NextAsync(), Is.EqualTo("< REP METER_RATE 00100 >"));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.That(await a.NextAsync(), Is.EqualTo("< SAMPLE 000 000 000 000 >"));
        Assert.That(await b.RequestAsync("< GET 1 AUDIO_MUTE >"), Is.EqualTo("< REP 1 AUDIO_MUTE OFF >"));
    }

    [Test]
    public async Task Presets_RecallRestoresAndReportsChanges_ThenThePreset()
    {
        var sim = Create();
        sim.SetGain(1, Gain.FromDb(-6));
        sim.SetMuted(2, true);
        sim.SetValue("DEVICE_ID", CommandValue.FromText("Before"));
        sim.SavePreset(3, "Lecture");
        var a = Connect(sim);
        Assert.That(await a.RequestAsync("< GET PRESET3 >"), Is.EqualTo("< REP PRESET3 {Lecture                  } >"));

        await a.RequestAsync("< SET 1 AUDIO_GAIN_HI_RES 1100 >");
        await a.RequestAsync("< SET 2 AUDIO_MUTE OFF >");
        sim.SetValue("DEVICE_ID", CommandValue.FromText("After"));
        Assert.That(await a.NextAsync(), Does.StartWith("< REP DEVICE_ID {After"));

        await a.SendAsync("< SET PRESET 3 >");
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP 1 AUDIO_GAIN_HI_RES 1040 >"));
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP 2 AUDIO_MUTE ON >"));
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP PRESET 03 >"));
        Assert.That(sim.ActivePreset, Is.EqualTo(3));
        Assert.That(sim.GetValue("DEVICE_ID").Text, Is.EqualTo("After"), "presets never store the device name");
    }

    [Test]
    public async Task Presets_WithoutChangeReports_OnlyReportThePreset()
    {
        var sim = Create(o => o.ReportChangesOnPresetRecall = false);
        var a = Connect(sim);
        sim.SavePreset(1, "A");
        Assert.That(await a.NextAsync(), Does.StartWith("< REP PRESET1 {A"));
        sim.SetMuted(1, true);
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP 1 AUDIO_MUTE ON >"));
        Assert.That(await a.RequestAsync("< SET PRESET 01 >"), Is.EqualTo("< REP PRESET 01 >"));
        Assert.That(sim.IsMuted(1), Is.False);
    }

    [Test]
    public async Task Presets_EmptySlotIsRefused_AndClearingEmptiesIt()
    {
        var sim = Create();
        var a = Connect(sim);
        Assert.That(await a.RequestAsync("< SET PRESET 5 >"), Is.EqualTo("< REP ERR >"));
        sim.SavePreset(5, "Five");
        Assert.That(await a.NextAsync(), Does.StartWith("< REP PRESET5"));
        Assert.That(sim.HasPreset(5), Is.True);
        sim.ClearPreset(5);
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP PRESET5 {                         } >"));
        Assert.That(await a.RequestAsync("< SET PRESET 5 >"), Is.EqualTo("< REP ERR >"));
    }

    [Test]
    public async Task DefaultSettings_RestoresFactoryAudioAndReportsPresetZero()
    {
        var sim = Create();
        var a = Connect(sim);
        sim.SavePreset(2, "Two");
        await a.NextAsync();
        await a.RequestAsync("< SET PRESET 2 >");
        await a.RequestAsync("< SET 4 AUDIO_GAIN_HI_RES 0500 >");
        await a.SendAsync("< SET DEFAULT_SETTINGS >");
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP 4 AUDIO_GAIN_HI_RES 1100 >"));
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP PRESET 00 >"));
        Assert.That(sim.HasPreset(2), Is.True, "presets survive a reset");
    }

    [Test]
    public async Task DefaultSettings_OtherReplyForm_IsAnOption()
    {
        var sim = Create(o => o.DefaultSettingsReply = DefaultSettingsReply.DefaultSettingsZero);
        Assert.That(await Connect(sim).RequestAsync("< SET DEFAULT_SETTINGS >"), Is.EqualTo("< REP DEFAULT_SETTINGS 00 >"));
    }

    [Test]
    public async Task Flash_TurnsItselfOffAfterThirtySeconds()
    {
        var sim = Create();
        var a = Connect(sim);
        Assert.That(await a.RequestAsync("< SET FLASH ON >"), Is.EqualTo("< REP FLASH ON >"));
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(await a.RequestAsync("< GET FLASH >"), Is.EqualTo("< REP FLASH ON >"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP FLASH OFF >"));
        Assert.That(sim.IsFlashing, Is.False);
    }

    [Test]
    public async Task Flash_OffCancelsTheTimer()
    {
        var sim = Create();
        var a = Connect(sim);
        await a.RequestAsync("< SET FLASH ON >");
        Assert.That(await a.RequestAsync("< SET FLASH OFF >"), Is.EqualTo("< REP FLASH OFF >"));
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(await a.RequestAsync("< GET FLASH >"), Is.EqualTo("< REP FLASH OFF >"));
    }

    [Test]
    public async Task Reboot_ClosesSessionsWithoutReply_RefusesWhileBooting_KeepsSettings()
    {
        var sim = Create(o => o.BootTime = TimeSpan.FromSeconds(20));
        var a = Connect(sim);
        await a.RequestAsync("< SET 2 AUDIO_GAIN_HI_RES 0900 >");
        await a.RequestAsync("< SET METER_RATE 500 >");
        await a.SendAsync("< SET REBOOT >");
        Assert.That(await a.ReadToCloseAsync(), Is.Empty, "no reply to REBOOT");
        Assert.That(sim.IsBooting, Is.True);
        Assert.Throws<SocketException>(() => sim.ConnectInMemory());

        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.Throws<SocketException>(() => sim.ConnectInMemory());
        _time.Advance(TimeSpan.FromSeconds(1));
        var b = Connect(sim);
        Assert.That(await b.RequestAsync("< GET 2 AUDIO_GAIN_HI_RES >"), Is.EqualTo("< REP 2 AUDIO_GAIN_HI_RES 0900 >"));
        Assert.That(await b.RequestAsync("< GET METER_RATE >"), Is.EqualTo("< REP METER_RATE 00000 >"), "metering is off after a boot");
    }

    [Test]
    public async Task Options_TwoDigitChannelsAndLowerCase_CanBeRefused()
    {
        var sim = Create(o =>
        {
            o.AcceptTwoDigitChannels = false;
            o.AcceptLowerCase = false;
        });
        var a = Connect(sim);
        Assert.That(await a.RequestAsync("< GET 01 AUDIO_MUTE >"), Is.EqualTo("< REP ERR >"));
        Assert.That(await a.RequestAsync("< get 1 audio_mute >"), Is.EqualTo("< REP ERR >"));
        Assert.That(await a.RequestAsync("< GET 01 PEQ 01 >"), Is.EqualTo("< REP 01 PEQ 01 OFF >"), "PEQ is written with two digits");
        Assert.That(await a.RequestAsync("< GET 1 CHAN_NAME >"), Does.StartWith("< REP 1 CHAN_NAME {Output 1"));
    }

    [Test]
    public async Task StepOverflow_Reject_IsAnOption()
    {
        var sim = Create(o => o.StepOverflow = StepOverflowBehavior.Reject);
        var a = Connect(sim);
        await a.RequestAsync("< SET 1 AUDIO_GAIN_HI_RES 1390 >");
        Assert.That(await a.RequestAsync("< SET 1 AUDIO_GAIN_HI_RES INC 20 >"), Is.EqualTo("< REP ERR >"));
        Assert.That(await a.RequestAsync("< SET 1 AUDIO_GAIN_HI_RES INC 10 >"), Is.EqualTo("< REP 1 AUDIO_GAIN_HI_RES 1400 >"));
    }

    [Test]
    public async Task ReceivedFrames_RecordsWhatClientsSent()
    {
        var sim = Create(o => o.ReceivedFrameHistory = 2);
        var a = Connect(sim);
        await a.RequestAsync("< GET MODEL >");
        await a.RequestAsync("< GET 1 AUDIO_MUTE >");
        await a.RequestAsync("< SET 1 AUDIO_MUTE ON >");
        Assert.That(sim.ReceivedFrames, Is.EqualTo(new[] { "< GET 1 AUDIO_MUTE >", "< SET 1 AUDIO_MUTE ON >" }));
        sim.ClearReceivedFrames();
        Assert.That(sim.ReceivedFrames, Is.Empty);
    }

    [Test]
    public void SignalModels_AreDeterministicAndBounded()
    {
        var a = SignalModel.Programme(7);
        var b = SignalModel.Programme(7);
        for (var t = 0; t < 1000; t++)
        {
            var at = TimeSpan.FromMilliseconds(t * 137);
            Assert.That(a.GetLevelDbfs(1, at), Is.EqualTo(b.GetLevelDbfs(1, at)));
            Assert.That(a.GetLevelDbfs(2, at), Is.InRange(-45.0, -6.0));
        }

        Assert.That(SignalModel.Programme(7).GetLevelDbfs(1, TimeSpan.FromSeconds(3)), Is.Not.EqualTo(SignalModel.Programme(8).GetLevelDbfs(1, TimeSpan.FromSeconds(3))));
    }

    [Test]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentException>(() => new Ani4OutSimulator(new SimulatorOptions { ControlMac = [1, 2, 3] }));
        Assert.Throws<ArgumentException>(() => new Ani4OutSimulator(new SimulatorOptions { SerialNumber = new string('x', 40) }));
        Assert.Throws<ArgumentException>(() => new Ani4OutSimulator(new SimulatorOptions { FlashDuration = TimeSpan.Zero }));
        using var block = new Ani4OutSimulator(new SimulatorOptions { Model = Ani4OutModel.Block, ControlMac = [0x00, 0x0E, 0xDD, 0xAA, 0xBB, 0xCC] });
        Assert.That(block.ModelName, Is.EqualTo("ANI4OUT-BLOCK"));
        Assert.That(block.HostName, Is.EqualTo("ANI4OUT-aabbcc"));
        Assert.That(block.MacAddress, Is.EqualTo("00:0E:DD:AA:BB:CC"));
    }

    private Ani4OutSimulator Create(Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions { TimeProvider = _time };
        configure?.Invoke(options);
        var sim = new Ani4OutSimulator(options);
        _simulators.Add(sim);
        return sim;
    }

    private FrameClient Connect(Ani4OutSimulator sim)
    {
        var client = new FrameClient(sim.ConnectInMemory());
        _clients.Add(client);
        return client;
    }
}
