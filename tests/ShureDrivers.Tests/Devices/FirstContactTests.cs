using System;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Devices;

/// <summary>
/// The connect against devices that are not what they should be: silent, hostile, another model, firmware that
/// rejects a GET of a value it confirmed, and a REP ERR that could belong to more than one command. All on a fake
/// clock that moves only to the next timer due, and fires a wait for the device only when no answer can be coming
/// (<see cref="DeviceWaits"/>): the bounds are asserted in clock time.
/// </summary>
[CancelAfter(30_000)]
public class FirstContactTests
{
    // A bound is met at its due time; the slack covers the few timers (a reply delay) that may run past it.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(100);

    // A connect that ends at the resync bound leaves work on the clock (the background fill, the trickle) that may move
    // it on while the returning call's last continuation is on its way to the test: when the bound cut the resync is
    // read from its log record, stamped by the fake clock.
    private static TimeSpan CutAt(TestLogs logs, DateTimeOffset started) => logs.RecordsFor(ShureEventIds.ResyncTimedOut).First().Timestamp - started;
    private TestClock _time = null!;

    [SetUp]
    public void SetUp() => _time = new TestClock();

    [Test]
    public async Task ADeviceThatAcceptsTheLinkButAnswersNothing_FailsAfterTheDumpAndOneGetModel()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = _time });
        sim.Faults.IgnoreWhen = _ => true;
        var options = Options(sim.CreateConnector());
        using var waits = DeviceWaits.For(_time, sim, skipLivenessTicks: true);
        var started = _time.GetUtcNow();

        var ex = Assert.ThrowsAsync<DeviceTimeoutException>(() => RunAsync(Ani4OutDevice.ConnectAsync("ani4out.test", options), waits));

        Assert.That(ex!.Message, Does.Contain("accepts connections but answers no command strings"), $"{_time.LastMoves}; {waits.LastRefusal}");
        Assert.That(_time.GetUtcNow() - started, Is.LessThanOrEqualTo(2 * options.CommandTimeout + Slack), "the dump's wait, then one command timeout");
        Assert.That(sim.ReceivedFrames, Is.EqualTo(new[] { "< GET 0 ALL >", "< GET MODEL >" }), "no other dump form, no value asked for");
    }

    [TestCase(HostileDevice.Mode.Garbage)]
    [TestCase(HostileDevice.Mode.EndlessFrame)]
    public async Task ADeviceThatSendsNoFrame_FailsFast_WhateverBytesItSends(HostileDevice.Mode mode)
    {
        var options = Options(new HostileDevice(mode, _time));
        using var waits = new DeviceWaits(_time, () => true) { SkipsLivenessTicks = true }; // nothing it sends is ever a frame
        var started = _time.GetUtcNow();

        var ex = Assert.ThrowsAsync<DeviceTimeoutException>(() => RunAsync(Ani4OutDevice.ConnectAsync("hostile.test", options), waits));

        Assert.That(ex!.Message, Does.Contain("answers no command strings"));
        Assert.That(_time.GetUtcNow() - started, Is.LessThanOrEqualTo(2 * options.CommandTimeout + Slack));
    }

    [Test]
    public async Task ADeviceThatTricklesOnlyModel_ConnectsAtTheResyncBound_WithTheRestUnknown()
    {
        // One byte every 0.3 s: MODEL arrives after about 8 s, nothing else ever.
        var options = Options(new HostileDevice(HostileDevice.Mode.Trickle, _time));
        options.CommandTimeout = TimeSpan.FromSeconds(5);
        using var logs = new TestLogs(_time);
        options.LoggerFactory = logs.Factory;
        using var waits = Trickling();
        var started = _time.GetUtcNow();

        var device = await RunAsync(Ani4OutDevice.ConnectAsync("trickle.test", options), waits);
        await using var _ = device;

        Assert.That(CutAt(logs, started), Is.InRange(options.ResyncTimeout - Slack, options.ResyncTimeout + Slack), $"the bound, not the ~80 values × 5 s; {_time.LastMoves}");
        Assert.That(device.Session.State, Is.EqualTo(ConnectionState.Connected));
        Assert.That(device.Model, Is.EqualTo("ANI4OUT-XLR"));
        Assert.That(device.SerialNumber, Is.Null, "unknown, not invented");
        Assert.That(device.Output(1).Gain, Is.Null);
    }

    [Test]
    public void ADeviceThatTricklesAnotherModel_IsRefusedTheMomentItsModelArrives()
    {
        var options = Options(new HostileDevice(HostileDevice.Mode.Trickle, _time, "< REP MODEL {P300} >"));
        options.CommandTimeout = TimeSpan.FromSeconds(5);
        using var waits = Trickling();
        var started = _time.GetUtcNow();

        var ex = Assert.ThrowsAsync<DeviceModelMismatchException>(() => RunAsync(Ani4OutDevice.ConnectAsync("trickle.test", options), waits));

        Assert.That(ex!.ReportedModel, Is.EqualTo("P300"));
        Assert.That(_time.GetUtcNow() - started, Is.LessThan(TimeSpan.FromSeconds(10)), "at MODEL's last byte (~6 s), not after the resync");
    }

    [Test]
    public async Task ADeviceThatAnswersOnlyModel_ConnectsAtTheBound_AndAsksForTheRestInTheBackground()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = _time });
        sim.Faults.IgnoreWhen = c => c.Name != "MODEL";
        using var logs = new TestLogs(_time);
        var options = Options(sim.CreateConnector());
        options.LoggerFactory = logs.Factory;
        using var waits = DeviceWaits.For(_time, sim, skipLivenessTicks: true);
        var started = _time.GetUtcNow();

        var device = await RunAsync(Ani4OutDevice.ConnectAsync("ani4out.test", options), waits);
        await using var _ = device;

        Assert.That(CutAt(logs, started), Is.LessThanOrEqualTo(options.ResyncTimeout + Slack));
        Assert.That(device.Model, Is.EqualTo("ANI4OUT-XLR"));
        Assert.That(device.Output(2).IsMuted, Is.Null);
        Assert.That(logs.RecordsFor(ShureEventIds.ResyncTimedOut), Is.Not.Empty);

        // The device starts answering: the background fill makes the values known without another resync.
        sim.Faults.IgnoreWhen = null;
        sim.ClearReceivedFrames();
        await _time.RunUntilAsync(() => device.Output(2).IsMuted is not null, TimeSpan.FromMinutes(2), waits.Choose, "the background fill");
        Assert.That(device.Output(2).IsMuted, Is.False);
        Assert.That(sim.ReceivedFrames, Does.Not.Contain("< GET 0 ALL >"), "filled in by single GETs, not a new resync");
    }

    [Test]
    public void AnotherModelThatAnswersOnlyModel_IsRefusedAtOnce_NotAfterTheWholeResync()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = _time, ReportedModel = "P300" });
        sim.Faults.IgnoreWhen = c => c.Name != "MODEL";
        var options = Options(sim.CreateConnector());
        using var waits = DeviceWaits.For(_time, sim, skipLivenessTicks: true);
        var started = _time.GetUtcNow();

        var ex = Assert.ThrowsAsync<DeviceModelMismatchException>(() => RunAsync(Ani4OutDevice.ConnectAsync("ani4out.test", options), waits));

        Assert.That(ex!.ReportedModel, Is.EqualTo("P300"));
        Assert.That(_time.GetUtcNow() - started, Is.LessThanOrEqualTo(options.CommandTimeout + Slack), "the dump's wait, then GET MODEL's answer");
    }

    [Test]
    public void AnUnbracedModel_IsReadAsText_SoTheRefusalNamesTheDevice()
    {
        var device = new AnsweringDevice(frame => frame == "< GET MODEL >" ? "< REP MODEL INTELLIMIX_ROOM >" : "< REP ERR >");
        using var waits = new DeviceWaits(_time, () => false) { SkipsLivenessTicks = true }; // it answers everything, in real time

        var ex = Assert.ThrowsAsync<DeviceModelMismatchException>(() => RunAsync(Ani4OutDevice.ConnectAsync("imx.test", Options(device)), waits));

        Assert.That(ex!.ReportedModel, Is.EqualTo("INTELLIMIX_ROOM"), "not 'rejected': the REP ERR that follows is not blamed on GET MODEL");
    }

    [Test]
    public async Task AValueTheDeviceConfirmedOnThisLink_StaysKnown_WhenTheResyncCannotReadIt()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = _time });
        sim.Options.GetResponses["PRESET"] = GetResponse.Reject;
        sim.SavePreset(2, "Lecture");
        var options = Options(sim.CreateConnector());
        options.AutoReconnect = true;
        using var waits = DeviceWaits.For(_time, sim, skipLivenessTicks: true);
        var device = await RunAsync(Ani4OutDevice.ConnectAsync("ani4out.test", options), waits);
        await using var _ = device;
        Assert.That(device.ActivePreset, Is.Null, "GET PRESET is rejected and the dump leaves it out");

        await RunAsync(device.RecallPresetAsync(2), waits);

        Assert.That(device.IsStale, Is.False);
        Assert.That(device.ActivePreset, Is.EqualTo(2), "confirmed by REP PRESET 2 on this link");
        Assert.That(sim.ReceivedFrames.Count(f => f == "< GET PRESET >"), Is.EqualTo(2), "asked at each resync, rejected each time");

        device.Session.Disconnect();
        await _time.RunUntilAsync(() => device.Session.State == ConnectionState.Connected && !device.IsStale, TimeSpan.FromMinutes(1), waits.Choose, "the reconnect and resync");
        Assert.That(device.ActivePreset, Is.Null, "a new link forgets what the old one confirmed");
    }

    [Test]
    public async Task ARejectedSetBehindAnIgnoredGet_IsRejected_AndTheGetTimesOut_NotTheOtherWayRound()
    {
        // The silent profile ignores GET FLASH; the fault rejects the gain SET. REP ERR names neither.
        using var sim = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = _time, Profile = SimulatorProfile.Silent });
        sim.Faults.RejectWhen = c => c.Kind == CommandKind.Set && c.Name == "AUDIO_GAIN_HI_RES";
        using var waits = DeviceWaits.For(_time, sim, skipLivenessTicks: true);
        await using var session = await StartSessionAsync(sim);

        var get = session.QueryAsync(CommandString.Get("FLASH"));
        var set = session.QueryAsync(CommandString.Set(1, "AUDIO_GAIN_HI_RES", CommandValue.FromNumber(1000)));
        var mute = session.QueryAsync(CommandString.Set(2, "AUDIO_MUTE", CommandValue.FromSwitch(true)));
        await _time.RunUntilAsync(() => get.IsCompleted && set.IsCompleted && mute.IsCompleted, TimeSpan.FromSeconds(30), waits.While(Task.WhenAll(get, set, mute)), "the three commands");

        Assert.That(set.Exception?.InnerException, Is.TypeOf<DeviceCommandRejectedException>());
        Assert.That(get.Exception?.InnerException, Is.TypeOf<DeviceTimeoutException>(), "ignored, not rejected");
        Assert.That(mute.IsCompletedSuccessfully, Is.True);
        Assert.That(sim.GetGain(1), Is.EqualTo(Gain.Unity), "the device really did not take it");
        Assert.That(sim.ReceivedFrames, Does.Contain("< GET 1 AUDIO_GAIN_HI_RES >"), "settled by reading back");
    }

    [Test]
    public async Task AnAcceptedSetBesideAnIgnoredGet_Succeeds_EvenWhenAnotherCommandsRepErrArrives()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = _time, Profile = SimulatorProfile.Silent });
        sim.Faults.RejectWhen = c => c.Kind == CommandKind.Get && c.Name == "DEVICE_ID";
        using var waits = DeviceWaits.For(_time, sim, skipLivenessTicks: true);
        await using var session = await StartSessionAsync(sim);

        var ignored = session.QueryAsync(CommandString.Get("FLASH"));
        var rejected = session.QueryAsync(CommandString.Get("DEVICE_ID"));
        var accepted = session.QueryAsync(CommandString.Set(1, "AUDIO_GAIN_HI_RES", CommandValue.FromNumber(1000)));
        await _time.RunUntilAsync(() => ignored.IsCompleted && rejected.IsCompleted && accepted.IsCompleted, TimeSpan.FromSeconds(30), waits.While(Task.WhenAll(ignored, rejected, accepted)), "the three commands");

        Assert.That(accepted.IsCompletedSuccessfully, Is.True);
        Assert.That(rejected.Exception?.InnerException, Is.TypeOf<DeviceCommandRejectedException>());
        Assert.That(ignored.Exception?.InnerException, Is.TypeOf<DeviceTimeoutException>());
    }

    [Test]
    public async Task AsManyRepErrsAsCandidates_RejectsThemAll_WithoutAskingAgain()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = _time, Profile = SimulatorProfile.Strict });
        using var waits = DeviceWaits.For(_time, sim, skipLivenessTicks: true);
        await using var session = await StartSessionAsync(sim);
        sim.ClearReceivedFrames();

        var gets = new[] { "FLASH", "METER_RATE" }.Select(n => session.QueryAsync(CommandString.Get(n))).ToArray();
        await _time.RunUntilAsync(() => gets.All(g => g.IsCompleted), TimeSpan.FromSeconds(10), waits.While(Task.WhenAll(gets)), "both GETs");

        Assert.That(gets.Select(g => g.Exception?.InnerException), Is.All.TypeOf<DeviceCommandRejectedException>());
        Assert.That(sim.ReceivedFrames, Is.EqualTo(new[] { "< GET FLASH >", "< GET METER_RATE >" }), "each asked once");
    }

    private DeviceSessionOptions Options(DeviceConnector connector) => new()
    {
        Connector = connector,
        TimeProvider = _time,
        AutoReconnect = false,
        KeepAliveInterval = TimeSpan.Zero,
        DeadConnectionTimeout = TimeSpan.FromHours(1),
    };

    private async Task<DeviceSession> StartSessionAsync(Ani4OutSimulator sim)
    {
        var session = new DeviceSession("ani4out.test", Options(sim.CreateConnector()));
        await session.StartAsync();
        return session;
    }

    private Task RunAsync(Task task, DeviceWaits waits) => _time.RunUntilAsync(task, TimeSpan.FromMinutes(2), waits.While(task));

    private Task<T> RunAsync<T>(Task<T> task, DeviceWaits waits) => _time.RunUntilAsync(task, TimeSpan.FromMinutes(2), waits.While(task));

    // The trickling device's next byte is on the clock while its read waits (its 0.3 s timer is armed): a wait for
    // the device may fire then, never in the moment between one byte and the next read.
    private DeviceWaits Trickling() =>
        new(_time, () => _time.Armed.Any(t => t.Owner == "HostileStream.ReadAsync")) { SkipsLivenessTicks = true };
}
