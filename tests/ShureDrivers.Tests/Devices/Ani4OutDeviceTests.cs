using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Devices;

/// <summary>
/// The device object against every firmware profile of the simulator. Where a test waits for the clock, it moves only
/// to the next timer due, and fires a wait for the device only when the device has nothing in flight
/// (<see cref="DeviceWaits"/>). The profiles whose every call takes clock time (slow, strict, silent) also have it
/// pumped in the background (<see cref="ClockPump"/>): there the test's own code runs between calls that each need the
/// clock, and no signal says which call is next.
/// </summary>
[CancelAfter(30_000)]
[TestFixtureSource(nameof(Profiles))]
public class Ani4OutDeviceTests(string profileName)
{
    public static readonly string[] Profiles = TestProfiles.All;

    private readonly SimulatorProfile _profile = SimulatorProfile.FromName(profileName);
    private TestClock _time = null!;
    private Ani4OutSimulator _sim = null!;
    private DeviceWaits _waits = null!;
    private ClockPump? _pump;
    private readonly List<Ani4OutDevice> _devices = [];

    // Profiles whose connect takes clock time (reply delays, the dump's quiet time, timeouts): the clock is pumped for
    // them in the background.
    private bool IsPumped => _profile == SimulatorProfile.Slow || _profile == SimulatorProfile.Silent || _profile == SimulatorProfile.Strict;

    private bool IsStrict => _profile == SimulatorProfile.Strict || _profile == SimulatorProfile.Silent;

    [SetUp]
    public void SetUp()
    {
        _time = new TestClock();
        _sim = new Ani4OutSimulator(new SimulatorOptions
        {
            Profile = _profile,
            TimeProvider = _time,
            SerialNumber = "3RG7777",
            FirmwareVersion = "4.6.14",
            DanteAddress = IPAddress.Parse("169.254.10.20"),
            Signal = SignalModel.Constant(-24),
        });
        _waits = DeviceWaits.For(_time, () => _sim, skipLivenessTicks: true);
        _pump = IsPumped ? new ClockPump(_time, TimeSpan.FromMilliseconds(40), TimeSpan.FromMinutes(10)) : null;
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var d in _devices)
        {
            await d.DisposeAsync();
        }

        _devices.Clear();
        if (_pump is not null)
        {
            await _pump.DisposeAsync();
        }

        _waits.Dispose();
        _sim.Dispose();
    }

    [Test]
    public async Task Connect_ReadsDeviceInformationAndEveryOutput()
    {
        var device = await ConnectAsync();
        Assert.Multiple(() =>
        {
            Assert.That(device.IsStale, Is.False);
            Assert.That(device.Model, Is.EqualTo("ANI4OUT-XLR"));
            Assert.That(device.SerialNumber, Is.EqualTo("3RG7777"));
            Assert.That(device.FirmwareVersion, Is.EqualTo(new Version(4, 6, 14)));
            Assert.That(device.ControlMacAddress, Is.EqualTo("00:0E:DD:53:99:E0"));
            Assert.That(device.DanteAddress, Is.EqualTo(IPAddress.Parse("169.254.10.20")));
            Assert.That(device.ActivePreset, Is.EqualTo(0));
            Assert.That(device.LedBrightness, Is.EqualTo(2));
            Assert.That(device.IsEncrypted, Is.False);
            Assert.That(device.GetPresetName(1), Is.EqualTo(_sim.Options.EmptyPresetName), "as this firmware spells an empty slot");
            Assert.That(device.MeterRate, IsStrict ? Is.Null : Is.EqualTo(0), "no ANI document shows GET METER_RATE");
            Assert.That(device.IsIdentifying, IsStrict ? Is.Null : Is.False, "no ANI document shows GET FLASH");
            Assert.That(device.Output(1).IsLimiting, Is.False);
            Assert.That(device.Output(2).IsLimiting, IsStrict ? Is.Null : Is.False, "LIMITER_ENGAGED is documented on 1 and 3 only");
            Assert.That(device.Outputs.Select(o => o.Name), Is.EqualTo(new[] { "Output 1", "Output 2", "Output 3", "Output 4" }));
            Assert.That(device.Outputs.Select(o => o.Gain), Is.All.EqualTo(Gain.Unity));
            Assert.That(device.Output(3).Level, Is.EqualTo(OutputLevel.Line));
            Assert.That(device.Output(4).IsPeqEnabled(2), Is.False);
        });
        Assert.That(_sim.ReceivedFrames, Does.Contain("< GET 0 ALL >"));
    }

    [Test]
    public async Task SetGain_SendsTheExactWire_AndTheCacheFollows()
    {
        var device = await ConnectAsync();
        var gain = await device.Output(2).SetGainAsync(Gain.FromDb(-6.5));
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 2 AUDIO_GAIN_HI_RES 1035 >"));
        Assert.That(gain, Is.EqualTo(Gain.FromDb(-6.5)));
        Assert.That(device.Output(2).Gain, Is.EqualTo(Gain.FromDb(-6.5)), "the cache is updated before the call returns");
        Assert.That(_sim.GetGain(2), Is.EqualTo(Gain.FromDb(-6.5)));
    }

    [Test]
    public async Task StepGain_UsesIncDec_AndClampsAtTheEnds()
    {
        var device = await ConnectAsync();
        var output = device.Output(1);
        Assert.That(await output.StepGainAsync(1.5), Is.EqualTo(Gain.FromDb(1.5)));
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 1 AUDIO_GAIN_HI_RES INC 15 >"));
        Assert.That(await output.StepGainAsync(-0.3), Is.EqualTo(Gain.FromDb(1.2)));
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 1 AUDIO_GAIN_HI_RES DEC 3 >"));

        await output.SetGainAsync(Gain.FromDb(29.5));
        Assert.That(await output.StepGainAsync(3), Is.EqualTo(Gain.MaxValue));
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 1 AUDIO_GAIN_HI_RES INC 5 >"), "clamped before sending");
        _sim.ClearReceivedFrames();
        Assert.That(await output.StepGainAsync(1), Is.EqualTo(Gain.MaxValue));
        Assert.That(_sim.ReceivedFrames, Is.Empty, "nothing to do at the top");
        Assert.That(await output.StepGainAsync(-140), Is.EqualTo(Gain.MinValue));
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 1 AUDIO_GAIN_HI_RES 0000 >"), "steps over 999 tenths become an absolute SET");
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => output.StepGainAsync(double.NaN));
    }

    [Test]
    public async Task MuteToggleLevelPeqAndMuteAll_Work()
    {
        var device = await ConnectAsync();
        Assert.That(await device.Output(1).SetMuteAsync(true), Is.True);
        Assert.That(await device.Output(1).ToggleMuteAsync(), Is.False);
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 1 AUDIO_MUTE TOGGLE >"));
        await device.Output(4).SetLevelAsync(OutputLevel.Mic);
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 4 AUDIO_OUT_LVL_SWITCH MIC_LVL >"));
        Assert.That(device.Output(4).Level, Is.EqualTo(OutputLevel.Mic));
        await device.Output(2).SetPeqAsync(3, true);
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET 02 PEQ 03 ON >"));
        Assert.That(device.Output(2).IsPeqEnabled(3), Is.True);

        await device.MuteAllAsync(true);
        Assert.That(device.Outputs.Select(o => o.IsMuted), Is.All.True);
        Assert.That(Enumerable.Range(1, 4).All(_sim.IsMuted), Is.True);
    }

    [Test]
    public async Task Identify_LedAndMeterRate_AreValidatedAndSent()
    {
        var device = await ConnectAsync();
        await device.IdentifyAsync();
        Assert.That(device.IsIdentifying, Is.True);
        await device.SetLedBrightnessAsync(1);
        Assert.That(device.LedBrightness, Is.EqualTo(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.SetLedBrightnessAsync(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.SetMeterRateAsync(50));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.SetMeterRateAsync(100_000));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.RecallPresetAsync(0));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.RecallPresetAsync(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Output(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Output(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Output(1).IsPeqEnabled(5));
    }

    [Test]
    public async Task RecallPreset_ResyncsAndMatchesTheSimulator()
    {
        _sim.SetGain(1, Gain.FromDb(-20));
        _sim.SetMuted(3, true);
        _sim.SavePreset(4, "Evening");
        _sim.SetGain(1, Gain.Unity);
        _sim.SetMuted(3, false);
        var device = await ConnectAsync();
        Assert.That(device.GetPresetName(4), Is.EqualTo("Evening"));

        await device.RecallPresetAsync(4);
        Assert.That(device.ActivePreset, Is.EqualTo(4));
        Assert.That(device.Output(1).Gain, Is.EqualTo(Gain.FromDb(-20)));
        Assert.That(device.Output(3).IsMuted, Is.True);
        AssertCacheMatchesSimulator(device);
        if (_profile == SimulatorProfile.Silent)
        {
            Assert.ThrowsAsync<DeviceTimeoutException>(() => device.RecallPresetAsync(9), "empty slot, never answered");
        }
        else
        {
            Assert.ThrowsAsync<DeviceCommandRejectedException>(() => device.RecallPresetAsync(9), "empty slot");
        }
    }

    [Test]
    public async Task ChangesFromElsewhere_UpdateTheCache_AndRaiseEvents()
    {
        var device = await ConnectAsync();
        await DrainEventsAsync(device);
        var outputEvents = new ConcurrentQueue<string?>();
        var changes = new ConcurrentQueue<DeviceChangedEventArgs>();
        device.Output(2).PropertyChanged += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.PropertyName))
            {
                outputEvents.Enqueue(e.PropertyName);
            }
        };
        device.Changed += (_, e) => changes.Enqueue(e);

        _sim.SetGain(2, Gain.FromDb(-3));
        _sim.SetChannelName(2, "Lobby");
        await Wait.UntilAsync(() => outputEvents.Count >= 2, "two property changes");
        Assert.That(outputEvents, Is.EqualTo(new[] { nameof(Ani4OutOutput.Gain), nameof(Ani4OutOutput.Name) }));
        Assert.That(device.Output(2).Gain, Is.EqualTo(Gain.FromDb(-3)));
        Assert.That(device.Output(2).Name, Is.EqualTo("Lobby"));
        var gainChange = changes.First(c => c.Parameter == "AUDIO_GAIN_HI_RES");
        Assert.That(gainChange.Channel, Is.EqualTo(2));
        Assert.That(gainChange.OldValue, Is.EqualTo(CommandValue.FromNumber(1100)));
    }

    [Test]
    public async Task Reconnect_MarksStale_ThenResyncsToTheSimulatorsState()
    {
        var device = await ConnectAsync();
        var synced = 0;
        device.Synchronized += (_, _) => Interlocked.Increment(ref synced);
        _sim.Faults.RefuseConnections = true;
        _sim.Faults.DropConnections();
        await Wait.UntilAsync(() => device.Session.State == ConnectionState.Reconnecting, "the drop");
        Assert.That(device.IsStale, Is.True);
        Assert.That(device.Output(1).Gain, Is.Null, "no stale value is reported as fresh");
        Assert.That(device.Model, Is.Null);

        // Changed while we were away (as if from the web app): no REP reaches us.
        _sim.SetGain(1, Gain.FromDb(-9.9));
        _sim.SetValue("DEVICE_ID", CommandValue.FromText("Renamed"));
        _sim.SetValue("PEQ", CommandValue.FromSwitch(true), 4, 4);
        _sim.Faults.RefuseConnections = false;

        await _time.RunUntilAsync(() => device.Session.State == ConnectionState.Connected && !device.IsStale, TimeSpan.FromSeconds(30), _waits.Choose, "the reconnect and resync");
        Assert.That(device.Output(1).Gain, Is.EqualTo(Gain.FromDb(-9.9)));
        Assert.That(device.DeviceId, Is.EqualTo("Renamed"));
        Assert.That(device.Output(4).IsPeqEnabled(4), Is.True);
        AssertCacheMatchesSimulator(device);
        await Wait.UntilAsync(() => Volatile.Read(ref synced) >= 1, "the Synchronized event");
    }

    [Test]
    public async Task Reboot_FailsInFlightCommands_ThenResyncs()
    {
        Assume.That(IsPumped, Is.False, "holds the reply for a second of clock time, which a pumped clock would let pass");
        var device = await ConnectAsync();
        _sim.Faults.ReplyDelay = TimeSpan.FromSeconds(1);
        var pending = device.Output(1).SetGainAsync(Gain.FromDb(-1));
        await Wait.UntilAsync(() => _sim.ReceivedFrames.Contains("< SET 1 AUDIO_GAIN_HI_RES 1090 >"), "the SET to arrive");
        _sim.Faults.Reboot();
        Assert.ThrowsAsync<DeviceConnectionException>(() => pending);
        _sim.Faults.ReplyDelay = TimeSpan.Zero;
        await _time.RunUntilAsync(() => !device.IsStale, TimeSpan.FromSeconds(90), _waits.Choose, "the boot and the resync");
        AssertCacheMatchesSimulator(device);
    }

    [TestCase(false, true, "< GET ALL >")]
    [TestCase(false, false, "< GET 4 ALL >")]
    public async Task Resync_FallsBackWhenTheDeviceRefusesGetZeroAll(bool acceptZeroAll, bool acceptNoChannel, string expectedLastForm)
    {
        _sim.Dispose();
        _sim = new Ani4OutSimulator(new SimulatorOptions { Profile = _profile, TimeProvider = _time, AcceptGetZeroAll = acceptZeroAll, AcceptGetAllWithoutChannel = acceptNoChannel });
        var device = await ConnectAsync();
        Assert.That(device.IsStale, Is.False);
        Assert.That(_sim.ReceivedFrames, Does.Contain("< GET 0 ALL >"));
        Assert.That(_sim.ReceivedFrames, Does.Contain(expectedLastForm));
        AssertCacheMatchesSimulator(device);
    }

    [Test]
    public async Task Resync_ARejectionNeverErasesWhatTheDumpDelivered()
    {
        // Explicit GETs are refused, but the dump carries the values: they stay, and nothing is asked twice.
        _sim.Faults.RejectWhen = c => c.Kind == CommandKind.Get && c.Name != "ALL";
        var device = await ConnectAsync();
        Assert.That(device.IsStale, Is.False);
        Assert.That(device.Output(2).Gain, Is.EqualTo(Gain.Unity));
        Assert.That(device.Model, Is.EqualTo("ANI4OUT-XLR"));

        await device.RecallPresetAsync(1 + SeedPreset());
        AssertCacheMatchesSimulator(device);
    }

    [Test]
    public async Task Resync_OneRequestWhenTheDumpDeliversEverything()
    {
        await ConnectAsync();
        string[] expected = _profile == SimulatorProfile.Sibling ? ["< GET 0 ALL >", "< GET ALL >"]
            : IsStrict ? ["< GET 0 ALL >", "< GET FLASH >", "< GET METER_RATE >", "< GET 2 LIMITER_ENGAGED >", "< GET 4 LIMITER_ENGAGED >"]
            : ["< GET 0 ALL >"];
        Assert.That(_sim.ReceivedFrames, Is.EquivalentTo(expected), "the dump, then only what it did not deliver");
    }

    [Test]
    public async Task Resync_ADeviceThatIgnoresTheDumpAndOneValue_ConnectsWithThatValueUnknown()
    {
        using var logs = new TestLogs();
        _sim.Faults.IgnoreWhen = c => c.Name is "ALL" or "SERIAL_NUM";
        var options = Options();
        options.LoggerFactory = logs.Factory;
        var connecting = Ani4OutDevice.ConnectAsync("ani4out.test", options);
        var device = IsPumped ? await connecting : await _time.RunUntilAsync(connecting, TimeSpan.FromSeconds(60), _waits.While(connecting));
        _devices.Add(device);

        Assert.That(device.Session.State, Is.EqualTo(ConnectionState.Connected));
        Assert.That(device.SerialNumber, Is.Null, "never answered: unknown, not invented");
        Assert.That(device.Model, Is.EqualTo("ANI4OUT-XLR"));
        Assert.That(device.Output(3).Gain, Is.EqualTo(Gain.Unity));
        Assert.That(_sim.ReceivedFrames, Does.Contain("< GET 0 ALL >").And.Contain("< GET ALL >").And.Contain("< GET 1 ALL >"), "every form tried after a timeout");
        Assert.That(logs.MessagesFor(ShureEventIds.ResyncValueUnavailable).Count(m => m.Contains("SERIAL_NUM", StringComparison.Ordinal)), Is.EqualTo(1));

        // The next resync asks again, and logs nothing new for the same value.
        var refresh = device.RefreshAsync();
        await (IsPumped ? refresh : _time.RunUntilAsync(refresh, TimeSpan.FromSeconds(60), _waits.While(refresh)));
        Assert.That(device.SerialNumber, Is.Null);
        Assert.That(logs.MessagesFor(ShureEventIds.ResyncValueUnavailable).Count(m => m.Contains("SERIAL_NUM", StringComparison.Ordinal)), Is.EqualTo(1), "logged once");
    }

    [Test]
    public async Task Resync_FallsBackAfterATimeout_AndRemembersTheFormThatWorked()
    {
        _sim.Dispose();
        _sim = new Ani4OutSimulator(new SimulatorOptions { Profile = _profile, TimeProvider = _time, AcceptGetAllWithoutChannel = true });
        _sim.Faults.IgnoreWhen = c => c.Name == "ALL" && c.Channel == 0;
        var connecting = Ani4OutDevice.ConnectAsync("ani4out.test", Options());
        var device = IsPumped ? await connecting : await _time.RunUntilAsync(connecting, TimeSpan.FromSeconds(30), _waits.While(connecting));
        _devices.Add(device);
        Assert.That(_sim.ReceivedFrames.Take(3), Is.EqualTo(new[] { "< GET 0 ALL >", "< GET MODEL >", "< GET ALL >" }), "nothing had arrived when the first form timed out: one GET MODEL checks that the device answers at all");
        AssertCacheMatchesSimulator(device);

        _sim.ClearReceivedFrames();
        await device.RefreshAsync();
        Assert.That(_sim.ReceivedFrames, Does.Not.Contain("< GET 0 ALL >"), "the form that worked is asked first");
        Assert.That(_sim.ReceivedFrames[0], Is.EqualTo("< GET ALL >"));
    }

    [Test]
    public async Task Connect_ToAnotherShureModel_FailsWithATypedErrorNamingIt()
    {
        _sim.Dispose();
        _sim = new Ani4OutSimulator(new SimulatorOptions { Profile = _profile, TimeProvider = _time, ReportedModel = "P300" });
        var ex = Assert.ThrowsAsync<DeviceModelMismatchException>(() => Ani4OutDevice.ConnectAsync("ani4out.test", Options()));
        Assert.That(ex!.ReportedModel, Is.EqualTo("P300"));
        Assert.That(ex.Message, Does.Contain("P300"));
        Assert.That(ex.IsTransient, Is.False);
        await Wait.UntilAsync(() => _sim.SessionCount == 0, "the link to close");

        var options = Options();
        options.ExpectedModelPrefix = null;
        var accepted = await Ani4OutDevice.ConnectAsync("ani4out.test", options);
        _devices.Add(accepted);
        Assert.That(accepted.Model, Is.EqualTo("P300"), "the check can be turned off");
    }

    [Test]
    public async Task DefaultSettings_CompletesOnEitherReply_AndTheDeviceResyncs()
    {
        var device = await ConnectAsync();
        await device.Output(2).SetGainAsync(Gain.FromDb(-12));
        _sim.ClearReceivedFrames();

        await device.RestoreDefaultSettingsAsync();
        Assert.That(_sim.ReceivedFrames[0], Is.EqualTo("< SET DEFAULT_SETTINGS >"));
        Assert.That(_sim.ReceivedFrames, Does.Contain("< GET 0 ALL >").Or.Contain("< GET ALL >"), "then a resync");
        Assert.That(device.IsStale, Is.False, "resynchronised before the call returns");
        Assert.That(device.Output(2).Gain, Is.EqualTo(Gain.Unity));
        AssertCacheMatchesSimulator(device);
    }

    [TestCase("< REP 1 AUDIO_GAIN_HI_RES 10a5 >")]
    [TestCase("< REP 4 AUDIO_MUTE MAYBE >")]
    [TestCase("< REP 9 AUDIO_MUTE ON >")]
    [TestCase("< REP PRESET 99 >")]
    [TestCase("< REP 1 NOT_A_PARAMETER 1 >")]
    public async Task AMalformedReport_LeavesEveryCachedValueAsItWas(string report)
    {
        var device = await ConnectAsync();
        await DrainEventsAsync(device);
        var changes = 0;
        device.Changed += (_, _) => Interlocked.Increment(ref changes);
        _sim.Faults.SendGarbage(report);
        _sim.SetChannelName(2, "Marker");
        await Wait.UntilAsync(() => device.Output(2).Name == "Marker", "a valid report after it");
        Assert.That(device.Output(1).Gain, Is.EqualTo(Gain.Unity));
        Assert.That(device.Output(4).IsMuted, Is.False);
        Assert.That(device.ActivePreset, Is.EqualTo(0));
        await Wait.UntilAsync(() => Volatile.Read(ref changes) >= 1, "the marker's event");
        Assert.That(Volatile.Read(ref changes), Is.EqualTo(1), "only the valid report raised an event (events keep arrival order)");
        AssertCacheMatchesSimulator(device);
    }

    [Test]
    public async Task AMillionUnknownParameterNames_LeaveTheHeapFlat()
    {
        Assume.That(_profile, Is.EqualTo(SimulatorProfile.Documented), "one profile is enough for a memory bound");
        var device = await ConnectAsync();
        await FloodAsync(10_000);
        var before = SettledHeap();
        await FloodAsync(1_000_000);
        var after = SettledHeap();
        Assert.That(after - before, Is.LessThan(4_000_000), $"heap grew from {before} to {after} bytes");
        Assert.That(device.Session.State, Is.EqualTo(ConnectionState.Connected));

        async Task FloodAsync(int count)
        {
            const int Batch = 10_000;
            for (var sent = 0; sent < count; sent += Batch)
            {
                var text = new System.Text.StringBuilder(Batch * 24);
                for (var i = 0; i < Batch; i++)
                {
                    text.Append("< REP X").Append((sent + i).ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).Append(" 1 >");
                }

                _sim.Faults.SendGarbage(text.ToString());
            }

            // A valid report after the flood: once it is cached, every frame before it was handled.
            var marker = "M" + count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _sim.SetChannelName(3, marker);
            await Wait.UntilAsync(() => device.Output(3).Name == marker, "the flood to be read");
        }

        static long SettledHeap()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return GC.GetTotalMemory(forceFullCollection: true);
        }
    }

    [Test]
    public async Task Reconnect_GoesThroughSynchronizing_WhereCommandsFlow_ThenConnected()
    {
        Assume.That(_profile, Is.EqualTo(SimulatorProfile.Documented), "the state sequence is the same on every profile");
        var device = await ConnectAsync();
        var states = new ConcurrentQueue<ConnectionState>();
        device.Session.StateChanged += (_, e) => states.Enqueue(e.Current);
        _sim.Faults.DropConnections();

        // The connect's own state events may still be on their way when the handler is added: look from the drop on.
        ConnectionState[] FromTheDrop() => [.. states.SkipWhile(s => s != ConnectionState.Reconnecting)];
        await _time.RunUntilAsync(() => FromTheDrop().Contains(ConnectionState.Connected), TimeSpan.FromSeconds(30), _waits.Choose, "the reconnect");
        Assert.That(FromTheDrop(), Is.EqualTo(new[] { ConnectionState.Reconnecting, ConnectionState.Synchronizing, ConnectionState.Connected }));
    }

    [Test]
    public async Task AFailedRefresh_WhileTheLinkStaysUp_IsRetried_SoStaleEnds()
    {
        Assume.That(_profile, Is.EqualTo(SimulatorProfile.Documented), "timing on the manual clock");
        var device = await ConnectAsync();
        _sim.Faults.IgnoreWhen = c => c.Name is "ALL" or "MODEL";
        var refresh = device.RefreshAsync();
        await _time.RunUntilAsync(() => refresh.IsCompleted, TimeSpan.FromSeconds(30), _waits.While(refresh), "the refresh");
        var ex = Assert.ThrowsAsync<DeviceTimeoutException>(() => refresh);
        Assert.That(ex!.Message, Does.Contain("MODEL"));
        Assert.That(device.IsStale, Is.True);
        Assert.That(device.Session.State, Is.EqualTo(ConnectionState.Connected));
        Assert.That(device.Output(1).Gain, Is.Null, "stale reads null");

        _sim.Faults.IgnoreWhen = null;
        await _time.RunUntilAsync(() => !device.IsStale, TimeSpan.FromSeconds(30), _waits.Choose, "the retried refresh");
        AssertCacheMatchesSimulator(device);
    }

    [Test]
    public async Task ARecallTheDeviceAccepted_Returns_EvenIfTheResyncAfterItFails()
    {
        Assume.That(_profile, Is.EqualTo(SimulatorProfile.Documented), "timing on the manual clock");
        _sim.SetGain(1, Gain.FromDb(-20));
        _sim.SavePreset(5, "Late");
        _sim.SetGain(1, Gain.Unity);
        var device = await ConnectAsync();
        _sim.Faults.IgnoreWhen = c => c.Kind == CommandKind.Get;
        var recall = device.RecallPresetAsync(5);
        await _time.RunUntilAsync(recall, TimeSpan.FromSeconds(60), _waits.While(recall));
        Assert.That(_sim.ActivePreset, Is.EqualTo(5), "the recall happened");
        Assert.That(device.IsStale, Is.True, "and the values say they are not known");

        _sim.Faults.IgnoreWhen = null;
        await _time.RunUntilAsync(() => !device.IsStale, TimeSpan.FromSeconds(60), _waits.Choose, "the retried refresh");
        Assert.That(device.Output(1).Gain, Is.EqualTo(Gain.FromDb(-20)));
        Assert.That(device.ActivePreset, Is.EqualTo(5));
    }

    [Test]
    public async Task Metering_GivesDbfsReadings_AndStopsOnDispose()
    {
        var device = await ConnectAsync();
        var feed = await device.StartMeteringAsync(100);
        Assert.That(device.MeterRate, Is.EqualTo(100));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        var reading = await feed.ReadAsync().AsTask().WaitAsync(TestTimeouts.Signal);
        Assert.That(reading[1], Is.EqualTo(-24.0));
        Assert.That(reading.Raw(1), Is.EqualTo(36));

        await device.DisposeAsync();
        _devices.Remove(device);
        Assert.That(_sim.ReceivedFrames[^1], Is.EqualTo("< SET METER_RATE 00000 >"), "metering started here is stopped");
        Assert.That(_sim.MeterRate, Is.Zero);
    }

    [Test]
    public async Task Metering_SlowConsumer_IsBoundedAndDropsTheOldest()
    {
        var device = await ConnectAsync();
        var feed = await device.StartMeteringAsync(100, capacity: 4);
        await _time.RunUntilAsync(() => feed.DroppedCount >= 10, TimeSpan.FromSeconds(10), _waits.Choose, "ten readings dropped");
        var first = await feed.ReadAsync();
        Assert.That(first.Timestamp, Is.GreaterThan(_time.GetUtcNow() - TimeSpan.FromSeconds(1)), "old readings were dropped, recent ones kept");

        feed.Dispose();
        var dropped = feed.DroppedCount;
        var drained = 0;
        await foreach (var _ in feed)
        {
            drained++;
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(drained, Is.LessThanOrEqualTo(4), "what was buffered can be drained, no more");
        Assert.That(feed.DroppedCount, Is.EqualTo(dropped), "a disposed feed receives nothing");
    }

    [Test]
    public async Task SixtyFourConcurrentCallers_OnOneDevice_AllGetTheRightAnswers()
    {
        // 64 commands queued on a device that takes 40-200 ms a reply need about 8 s: allow it.
        var options = Options();
        options.CommandTimeout = TimeSpan.FromSeconds(_profile == SimulatorProfile.Slow ? 20 : 2);
        var device = await Ani4OutDevice.ConnectAsync("ani4out.test", options);
        _devices.Add(device);
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
        {
            var output = device.Output((i % 4) + 1);
            switch (i % 4)
            {
                case 0:
                    var gain = Gain.FromTenthsOfDb(-i * 3);
                    return await output.SetGainAsync(gain) == gain;
                case 1:
                    return await output.SetMuteAsync(i % 8 == 1) == (i % 8 == 1);
                case 2:
                    await output.SetLevelAsync(OutputLevel.Aux);
                    return output.Level == OutputLevel.Aux;
                default:
                    await output.SetPeqAsync((i % 4) + 1, true);
                    return output.IsPeqEnabled((i % 4) + 1) == true;
            }
        }));
        Assert.That(results, Is.All.True);
        AssertCacheMatchesSimulator(device);
    }

    [Test]
    public void Connect_Unreachable_ThrowsTransientConnectionError()
    {
        _sim.Faults.RefuseConnections = true;
        var ex = Assert.ThrowsAsync<DeviceConnectionException>(() => Ani4OutDevice.ConnectAsync("ani4out.test", Options()));
        Assert.That(ex!.IsTransient, Is.True);
    }

    // No keep-alives: none of these tests is about them (DeviceSessionTests are), and a tick seconds away must not move
    // the clock in a moment between two steps of a resync that no counter sees.
    private DeviceSessionOptions Options() => new()
    {
        Connector = _sim.CreateConnector(),
        TimeProvider = _time,
        KeepAliveInterval = TimeSpan.Zero,
        DeadConnectionTimeout = TimeSpan.FromHours(1),
    };

    // Events keep arrival order: once a change made now has been raised, every event of the connect has been too.
    private async Task DrainEventsAsync(Ani4OutDevice device)
    {
        var marker = "drain-" + Guid.NewGuid().ToString("N")[..8];
        var seen = false;
        EventHandler<DeviceChangedEventArgs> handler = (_, e) =>
        {
            if (e.NewValue.Text == marker)
            {
                Volatile.Write(ref seen, true);
            }
        };
        device.Changed += handler;
        try
        {
            _sim.SetValue("DEVICE_ID", CommandValue.FromText(marker));
            await Wait.UntilAsync(() => Volatile.Read(ref seen), "the connect's events to drain");
        }
        finally
        {
            device.Changed -= handler;
        }
    }

    // Saves the current state as preset 1 and changes it, so a recall has something to restore; returns 0.
    private int SeedPreset()
    {
        _sim.SetGain(1, Gain.FromDb(-15));
        _sim.SavePreset(1, "Seeded");
        _sim.SetGain(1, Gain.Unity);
        return 0;
    }

    private async Task<Ani4OutDevice> ConnectAsync()
    {
        var device = await Ani4OutDevice.ConnectAsync("ani4out.test", Options());
        _devices.Add(device);
        return device;
    }

    // Every typed value equals the simulator's state.
    private void AssertCacheMatchesSimulator(Ani4OutDevice device)
    {
        Assert.Multiple(() =>
        {
            Assert.That(device.IsStale, Is.False);
            Assert.That(device.ActivePreset, Is.EqualTo(_sim.ActivePreset));
            Assert.That(device.DeviceId, Is.EqualTo(_sim.GetValue("DEVICE_ID").Text));
            Assert.That(device.LedBrightness, Is.EqualTo(_sim.GetValue("LED_BRIGHTNESS").Number));
            Assert.That(device.MeterRate, Is.EqualTo(IsStrict ? null : _sim.MeterRate));
            for (var ch = 1; ch <= 4; ch++)
            {
                var o = device.Output(ch);
                Assert.That(o.Gain, Is.EqualTo(_sim.GetGain(ch)), $"gain {ch}");
                Assert.That(o.IsMuted, Is.EqualTo(_sim.IsMuted(ch)), $"mute {ch}");
                Assert.That(o.Name, Is.EqualTo(_sim.GetChannelName(ch)), $"name {ch}");
                Assert.That(o.Level?.ToString().ToUpperInvariant() + "_LVL", Is.EqualTo(_sim.GetOutputLevel(ch)), $"level {ch}");
                for (var f = 1; f <= 4; f++)
                {
                    Assert.That(o.IsPeqEnabled(f), Is.EqualTo(_sim.GetValue("PEQ", ch, f).TryGetSwitch(out var on) && on), $"PEQ {ch}/{f}");
                }
            }
        });
    }
}
