using System;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Devices;

/// <summary>The ANI4IN from the same core: its inputs, preamp and phantom power, against a simulated ANI4IN.</summary>
[CancelAfter(20_000)]
public class Ani4InDeviceTests
{
    private Ani4OutSimulator _sim = null!;

    [SetUp]
    public void SetUp() => _sim = new Ani4OutSimulator(new SimulatorOptions { Family = SimulatedFamily.Ani4In, Signal = SignalModel.Constant(-50) });

    [TearDown]
    public void TearDown() => _sim.Dispose();

    [Test]
    public async Task Connect_ReadsIdentityAndEveryInput()
    {
        await using var device = await ConnectAsync();
        Assert.Multiple(() =>
        {
            Assert.That(device.Model, Is.EqualTo("ANI4IN-XLR"));
            Assert.That(device.IsStale, Is.False);
            Assert.That(device.Inputs.Select(i => i.Name), Is.EqualTo(new[] { "Input 1", "Input 2", "Input 3", "Input 4" }));
            Assert.That(device.Inputs.Select(i => i.AnalogGain), Is.All.EqualTo(0));
            Assert.That(device.Inputs.Select(i => i.IsPhantomPowered), Is.All.False);
            Assert.That(device.Inputs.Select(i => i.Gain), Is.All.EqualTo(Gain.Unity));
            Assert.That(device.InputMeterMode, Is.EqualTo("PRE_FADER"));
            Assert.That(device.Channels, Is.EqualTo(device.Inputs), "the shared view and the typed one are the same objects");
            Assert.That(_sim.HostName, Does.StartWith("ANI4IN-"));
        });
        Assert.That(_sim.ReceivedFrames[0], Is.EqualTo("< GET 0 ALL >"), "one dump delivered everything");
    }

    [Test]
    public async Task AnalogGain_IsSetInThreeDecibelSteps_AndRefusedOtherwise_BeforeAnythingIsSent()
    {
        await using var device = await ConnectAsync();
        Assert.That(await device.Input(2).SetAnalogGainAsync(24), Is.EqualTo(24));
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 2 AUDIO_GAIN 24 >"));
        Assert.That(_sim.GetValue(Ani4InParameters.AudioGain, 2).Number, Is.EqualTo(24));
        Assert.That(device.Input(2).AnalogGain, Is.EqualTo(24), "the cache follows before the call returns");

        _sim.ClearReceivedFrames();
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.Input(2).SetAnalogGainAsync(25));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.Input(2).SetAnalogGainAsync(54));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.Input(2).SetAnalogGainAsync(-3));
        Assert.That(_sim.ReceivedFrames, Is.Empty, "nothing was sent");
        Assert.ThrowsAsync<ArgumentException>(() => device.Session.QueryAsync(CommandString.Set(1, Ani4InParameters.AudioGain, CommandValue.FromNumber(25))), "the table refuses it too");
    }

    [Test]
    public async Task AnalogGainSteps_UseIncDec_AndClampAtTheEnds()
    {
        await using var device = await ConnectAsync();
        var input = device.Input(1);
        Assert.That(await input.StepAnalogGainAsync(6), Is.EqualTo(6));
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 1 AUDIO_GAIN INC 6 >"));
        Assert.That(await input.StepAnalogGainAsync(-3), Is.EqualTo(3));
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 1 AUDIO_GAIN DEC 3 >"));

        await input.SetAnalogGainAsync(48);
        Assert.That(await input.StepAnalogGainAsync(9), Is.EqualTo(51));
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 1 AUDIO_GAIN INC 3 >"), "clamped before sending");
        _sim.ClearReceivedFrames();
        Assert.That(await input.StepAnalogGainAsync(3), Is.EqualTo(51));
        Assert.That(_sim.ReceivedFrames, Is.Empty, "nothing to do at the top");
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => input.StepAnalogGainAsync(4));
    }

    [Test]
    public async Task PhantomPower_DigitalGain_Mute_AndTheLogicLed_GoOnTheWireAsDocumented()
    {
        await using var device = await ConnectAsync();
        Assert.That(await device.Input(3).SetPhantomPowerAsync(true), Is.True);
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 3 PHANTOM_PWR_ENABLE ON >"));
        Assert.That(device.Input(3).IsPhantomPowered, Is.True);

        Assert.That(await device.Input(2).SetGainAsync(Gain.FromDb(-6.5)), Is.EqualTo(Gain.FromDb(-6.5)));
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 2 AUDIO_GAIN_HI_RES 1035 >"));
        Assert.That(await device.Input(4).ToggleMuteAsync(), Is.True);
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 4 AUDIO_MUTE TOGGLE >"));
        Assert.That(await device.Input(1).SetLogicLedAsync(true), Is.True);
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 1 CHAN_LED_IN_STATE ON >"));

        await device.MuteAllAsync(true);
        Assert.That(Enumerable.Range(1, 4).All(_sim.IsMuted), Is.True);
    }

    [Test]
    public async Task AChangeOnTheDevice_IsReportedOnTheInput()
    {
        await using var device = await ConnectAsync();
        var changes = new ConcurrentQueue<string?>();
        device.Input(2).PropertyChanged += (_, e) => changes.Enqueue(e.PropertyName);
        _sim.SetValue(Ani4InParameters.AudioGain, CommandValue.FromNumber(12), 2);
        _sim.SetValue(Ani4InParameters.PhantomPowerEnable, CommandValue.FromSwitch(true), 2);
        await Wait.UntilAsync(() => changes.Contains(nameof(Ani4InInput.IsPhantomPowered)), "the phantom report");
        Assert.That(device.Input(2).AnalogGain, Is.EqualTo(12));
        Assert.That(changes, Does.Contain(nameof(Ani4InInput.AnalogGain)));
    }

    [Test]
    public async Task Metering_PreFader_IncludesThePreampGain()
    {
        await using var device = await ConnectAsync();
        await device.Input(1).SetAnalogGainAsync(30);
        using var feed = await device.StartMeteringAsync(100);
        var reading = await feed.ReadAsync().AsTask().WaitAsync(TestTimeouts.Signal);
        Assert.That(reading[1], Is.EqualTo(-20.0), "-50 dBFS at the connector, 30 dB of preamp gain");
        Assert.That(reading[2], Is.EqualTo(-50.0));
    }

    [Test]
    public void EachModelRefusesTheOther_ByName()
    {
        var wrong = Assert.ThrowsAsync<DeviceModelMismatchException>(() => Ani4OutDevice.ConnectAsync("in.test", new DeviceSessionOptions { Connector = _sim.CreateConnector() }));
        Assert.That(wrong!.ReportedModel, Is.EqualTo("ANI4IN-XLR"));

        using var output = new Ani4OutSimulator(new SimulatorOptions());
        var other = Assert.ThrowsAsync<DeviceModelMismatchException>(() => Ani4InDevice.ConnectAsync("out.test", new DeviceSessionOptions { Connector = output.CreateConnector() }));
        Assert.That(other!.ReportedModel, Is.EqualTo("ANI4OUT-XLR"));
        Assert.That(other.ExpectedModelPrefix, Is.EqualTo("ANI4IN"));
    }

    [Test]
    public async Task ShureDevices_OpensWhicheverModelAnswers()
    {
        await using (var input = await ShureDevices.ConnectAsync("in.test", new DeviceSessionOptions { Connector = _sim.CreateConnector() }))
        {
            Assert.That(input, Is.InstanceOf<Ani4InDevice>());
            Assert.That(input.Channels, Has.Count.EqualTo(4));
        }

        using var outputSim = new Ani4OutSimulator(new SimulatorOptions());
        await using (var output = await ShureDevices.ConnectAsync("out.test", new DeviceSessionOptions { Connector = outputSim.CreateConnector() }))
        {
            Assert.That(output, Is.InstanceOf<Ani4OutDevice>());
        }

        using var p300 = new Ani4OutSimulator(new SimulatorOptions { ReportedModel = "P300" });
        var ex = Assert.ThrowsAsync<DeviceModelMismatchException>(() => ShureDevices.ConnectAsync("p300.test", new DeviceSessionOptions { Connector = p300.CreateConnector() }));
        Assert.That(ex!.ReportedModel, Is.EqualTo("P300"));
    }

    [Test]
    public async Task ShureDevices_ContinuesOnTheConnectionThatReadTheModel()
    {
        // A device that takes one session at a time would refuse a second one: telling the model must not need it.
        using var single = new Ani4OutSimulator(new SimulatorOptions { Family = SimulatedFamily.Ani4In, MaxSessions = 1 });
        await using var device = await ShureDevices.ConnectAsync("single.test", new DeviceSessionOptions { Connector = single.CreateConnector() });
        Assert.That(device, Is.InstanceOf<Ani4InDevice>());
        Assert.That(device.IsStale, Is.False);
        Assert.That(single.SessionCount, Is.EqualTo(1));
        Assert.That(single.ReceivedFrames.Take(2), Is.EqualTo(new[] { "< GET MODEL >", "< GET 0 ALL >" }), "one link: the model, then the resync");
        Assert.That(await ((Ani4InDevice)device).Input(1).SetPhantomPowerAsync(true), Is.True);
    }

    [Test]
    public async Task ShureDevices_OnADeviceThatWillNotSayWhatItIs_FailsTyped()
    {
        _sim.Faults.RejectWhen = c => c.Name == "MODEL";
        var ex = Assert.ThrowsAsync<DeviceProtocolException>(() => ShureDevices.ConnectAsync("in.test", new DeviceSessionOptions { Connector = _sim.CreateConnector() }));
        Assert.That(ex!.Message, Does.Contain("REP ERR"));
        await Wait.UntilAsync(() => _sim.SessionCount == 0, "the connection to close");
    }

    [Test]
    public void OptionsThatNameAnotherModel_AreRefused_BeforeAnyConnection()
    {
        var table = Assert.ThrowsAsync<ArgumentException>(() => Ani4InDevice.ConnectAsync("in.test", new DeviceSessionOptions { Connector = _sim.CreateConnector(), Table = Ani4OutCommandTable.Table }));
        Assert.That(table!.Message, Does.Contain("ANI4OUT table"));
        var prefix = Assert.ThrowsAsync<ArgumentException>(() => Ani4InDevice.ConnectAsync("in.test", new DeviceSessionOptions { Connector = _sim.CreateConnector(), ExpectedModelPrefix = "ANI4OUT" }));
        Assert.That(prefix!.Message, Does.Contain("ExpectedModelPrefix"));
        Assert.That(_sim.SessionCount, Is.Zero);
    }

    [Test]
    public async Task ANarrowerPrefix_OrNone_IsAccepted()
    {
        await using var block = await Ani4InDevice.ConnectAsync("in.test", new DeviceSessionOptions { Connector = _sim.CreateConnector(), ExpectedModelPrefix = "ANI4IN-XLR" });
        Assert.That(block.Model, Is.EqualTo("ANI4IN-XLR"));
        await using var any = await Ani4InDevice.ConnectAsync("in.test", new DeviceSessionOptions { Connector = _sim.CreateConnector(), ExpectedModelPrefix = null });
        Assert.That(any.IsStale, Is.False);
    }

    [Test]
    public async Task PropertyChangedNamesOnlyPropertiesThatExist()
    {
        await using var device = await ConnectAsync();
        var names = new ConcurrentQueue<string?>();
        PropertyChangedEventHandler record = (_, e) => names.Enqueue(e.PropertyName);
        device.PropertyChanged += record;
        foreach (var input in device.Inputs)
        {
            input.PropertyChanged += record;
        }

        await device.SetInputMeterModeAsync(postFader: true);
        await device.Input(1).SetPhantomPowerAsync(true);
        await device.Input(1).SetAnalogGainAsync(3);
        await Wait.UntilAsync(() => names.Contains(nameof(Ani4InInput.AnalogGain)), "the last change");
        var known = typeof(Ani4InDevice).GetProperties().Select(p => p.Name).Concat(typeof(Ani4InInput).GetProperties().Select(p => p.Name)).ToHashSet();
        Assert.That(names.Where(n => !string.IsNullOrEmpty(n)), Is.All.Matches<string>(known.Contains));
        Assert.That(names, Does.Contain(nameof(Ani4InDevice.InputMeterMode)));
    }

    private Task<Ani4InDevice> ConnectAsync() => Ani4InDevice.ConnectAsync("ani4in.test", new DeviceSessionOptions { Connector = _sim.CreateConnector() });
}
