using Microsoft.Extensions.Time.Testing;
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Session;

/// <summary>
/// The raw session against the simulator, on every firmware profile that answers without clock time of its own (the
/// slow and silent profiles would shift these tests' keep-alive and timeout arithmetic; the device suite covers them).
/// </summary>
[CancelAfter(30_000)]
[TestFixtureSource(nameof(Profiles))]
public class DeviceSessionTests(string profileName)
{
    public static readonly string[] Profiles = TestProfiles.AnsweringAtOnce;

    private readonly SimulatorProfile _profile = SimulatorProfile.FromName(profileName);

    private TestClock _time = null!;
    private Ani4OutSimulator _sim = null!;
    private TestLogs _logs = null!;
    private DeviceWaits _waits = null!;
    private readonly List<DeviceSession> _sessions = [];

    [SetUp]
    public void SetUp()
    {
        _time = new TestClock();
        _waits = DeviceWaits.For(_time, () => _sim);
        _logs = new TestLogs();
        _sim = new Ani4OutSimulator(new SimulatorOptions { Profile = _profile, TimeProvider = _time, BootTime = TimeSpan.FromSeconds(20) });
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var s in _sessions)
        {
            await s.DisposeAsync();
        }

        _sessions.Clear();
        _sim.Dispose();
        _logs.Dispose();
        _waits.Dispose();
    }

    [Test]
    public async Task Start_ConnectsAndRaisesStateChanges()
    {
        var session = Create();
        var states = new ConcurrentQueue<ConnectionState>();
        session.StateChanged += (_, e) => states.Enqueue(e.Current);
        await session.StartAsync();
        Assert.That(session.State, Is.EqualTo(ConnectionState.Connected));
        await Wait.UntilAsync(() => states.Count == 2, "two state changes");
        Assert.That(states, Is.EqualTo(new[] { ConnectionState.Connecting, ConnectionState.Connected }));
        Assert.That(session.EndPoint, Is.EqualTo("ani4out.test:2202"));
    }

    [Test]
    public async Task Dispose_EndsTheLinksReadLoopAndLiveness_BeforeItReturns()
    {
        var session = await StartAsync();
        var connection = session.CurrentLink!;

        await session.DisposeAsync();

        Assert.That(connection.Stopped.IsCompleted, Is.True, "the session owns and awaits its read loop and keep-alive");
        Assert.That(connection.IsOpen, Is.False);
    }

    [Test]
    public async Task Query_SendsExactWireAndReturnsTheReply()
    {
        var session = await StartAsync();
        var reply = await session.QueryAsync(CommandString.Set(2, "AUDIO_GAIN_HI_RES", CommandValue.FromNumber(Gain.FromDb(-6.5).Raw)));
        Assert.That(_sim.ReceivedFrames, Does.Contain("< SET 2 AUDIO_GAIN_HI_RES 1035 >"));
        Assert.That(reply, Is.EqualTo(CommandString.Report(2, "AUDIO_GAIN_HI_RES", CommandValue.FromNumber(1035))));
        Assert.That((await session.QueryAsync(CommandString.Get("MODEL"))).Value.Text, Is.EqualTo("ANI4OUT-XLR"));
        Assert.That(session.LastHeardFrom, Is.Not.Null);
    }

    [Test]
    public async Task Query_MatchesByChannel_NotJustByName()
    {
        var session = await StartAsync();
        var tasks = Enumerable.Range(1, 4).Select(ch => session.QueryAsync(CommandString.Set(ch, "AUDIO_GAIN_HI_RES", CommandValue.FromNumber(1000 + ch)))).ToList();
        var replies = await Task.WhenAll(tasks);
        for (var ch = 1; ch <= 4; ch++)
        {
            Assert.That(replies[ch - 1].Channel, Is.EqualTo(ch));
            Assert.That(replies[ch - 1].Value.Number, Is.EqualTo(1000 + ch));
        }
    }

    [Test]
    public async Task RepErr_FailsTheCommandWithATypedRejection()
    {
        var session = await StartAsync();
        var ex = Assert.ThrowsAsync<DeviceCommandRejectedException>(() => session.QueryAsync(CommandString.Set("PRESET", CommandValue.FromNumber(5))));
        Assert.That(ex!.Command, Is.EqualTo("< SET PRESET 5 >"));
        Assert.That(ex.IsTransient, Is.False);
        Assert.That(await session.QueryAsync(CommandString.Get("PRESET")), Is.EqualTo(CommandString.Report("PRESET", CommandValue.FromNumber(0))), "the session carries on");
    }

    [Test]
    public async Task RepErr_GoesToTheOldestOutstandingCommand()
    {
        var session = await StartAsync();
        _sim.Faults.ReplyDelay = TimeSpan.FromMilliseconds(300); // both commands are outstanding when the REP ERR arrives
        var first = session.QueryAsync(CommandString.Set("PRESET", CommandValue.FromNumber(7)));   // empty slot: REP ERR
        var second = session.QueryAsync(CommandString.Get(1, "AUDIO_MUTE"));
        // Only the reply delays elapse: no command timeout (2 s) can fire while a reply is on its way.
        await _time.RunUntilAsync(() => first.IsCompleted && second.IsCompleted, TimeSpan.FromSeconds(1.9), t => t.DueIn <= TimeSpan.FromMilliseconds(300), "both replies");
        Assert.ThrowsAsync<DeviceCommandRejectedException>(() => first);
        Assert.That((await second).Value.Text, Is.EqualTo("OFF"));
    }

    [Test]
    public async Task InvalidCommands_AreRefusedBeforeAnythingIsSent()
    {
        var session = await StartAsync();
        _sim.ClearReceivedFrames();
        Assert.ThrowsAsync<ArgumentException>(() => session.QueryAsync(CommandString.Set(1, "AUDIO_GAIN_HI_RES", CommandValue.FromNumber(1401))));
        Assert.ThrowsAsync<ArgumentException>(() => session.QueryAsync(CommandString.Set("PRESET", CommandValue.FromNumber(11))));
        Assert.ThrowsAsync<ArgumentException>(() => session.QueryAsync(CommandString.Set(5, "AUDIO_MUTE", CommandValue.FromSwitch(true))));
        Assert.ThrowsAsync<ArgumentException>(() => session.QueryAsync(CommandString.Set("METER_RATE", CommandValue.FromNumber(50))));
        Assert.ThrowsAsync<ArgumentException>(() => session.QueryAsync(CommandString.Set(1, "CHAN_NAME", CommandValue.FromText("a>b"))));
        Assert.ThrowsAsync<ArgumentException>(() => session.QueryAsync(CommandString.Set("REBOOT")), "REBOOT is not answered");
        Assert.ThrowsAsync<ArgumentException>(() => session.QueryAsync(CommandString.Report("MODEL", CommandValue.FromText("x"))));
        Assert.That(_sim.ReceivedFrames, Is.Empty);
    }

    [Test]
    public void Query_BeforeStart_FailsFast()
    {
        var session = Create();
        Assert.ThrowsAsync<DeviceConnectionException>(() => session.QueryAsync(CommandString.Get("MODEL")));
    }

    [Test]
    public async Task Timeout_IsOurs_AndCancellation_IsTheCallers()
    {
        var session = await StartAsync();
        _sim.Faults.Silent = true;
        var timedOut = session.QueryAsync(CommandString.Get("MODEL"));

        // The GET is lost in the silence; then its timeout (2 s) is the one timer to let pass.
        await Wait.UntilAsync(() => _sim.Faults.LostFrameCount >= 1, "the GET to be lost");
        await _time.AdvanceToNextAsync(t => t.DueIn == session.Options.CommandTimeout, "the command timeout");
        var ex = Assert.ThrowsAsync<DeviceTimeoutException>(() => timedOut);
        Assert.That(ex!.IsTransient, Is.True);
        Assert.That(ex.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)));

        using var cts = new CancellationTokenSource();
        var canceled = session.QueryAsync(CommandString.Get("SERIAL_NUM"), cts.Token);
        cts.Cancel();
        Assert.CatchAsync<OperationCanceledException>(() => canceled);
        Assert.That(canceled.Exception?.InnerException, Is.Not.InstanceOf<DeviceTimeoutException>());
    }

    [Test]
    public async Task AQueryThatWaitedItsTurn_GetsAFullTimeoutForItsReply_FromWhenItWasWritten()
    {
        var session = await StartAsync();
        var timeout = session.Options.CommandTimeout;
        _sim.Faults.ReplyDelay = timeout * 0.75;

        // Two SETs of one value go one at a time: the second is written when the first's reply arrives (0.75 of a
        // timeout in), and its own reply comes 0.75 of a timeout after that: 1.5 timeouts after it was asked.
        var asked = _time.GetUtcNow();
        var first = session.QueryAsync(CommandString.Set(1, "AUDIO_MUTE", CommandValue.FromSwitch(true)));
        var second = session.QueryAsync(CommandString.Set(1, "AUDIO_MUTE", CommandValue.FromSwitch(false)));
        await _time.RunUntilAsync(() => second.IsCompleted, timeout * 4, _waits.While(second), "the second reply");

        Assert.That((await first).Value.Text, Is.EqualTo("ON"));
        Assert.That((await second).Value.Text, Is.EqualTo("OFF"));
        Assert.That(_time.GetUtcNow() - asked, Is.GreaterThanOrEqualTo(timeout * 1.5), "the second reply came after one timeout from when it was asked");
    }

    [Test]
    public async Task Drop_FailsPendingCommands_ThenReconnects()
    {
        var session = await StartAsync();
        _sim.Faults.ReplyDelay = TimeSpan.FromSeconds(1);
        var pending = session.QueryAsync(CommandString.Get("MODEL"));
        await Wait.UntilAsync(() => _sim.ReceivedFrames.Contains("< GET MODEL >"), "the GET to arrive");
        _sim.Faults.RefuseConnections = true; // the first reconnect attempt is immediate; keep the device away
        _sim.Faults.DropConnections();
        var ex = Assert.ThrowsAsync<DeviceConnectionException>(() => pending);
        Assert.That(ex!.IsTransient, Is.True);

        _sim.Faults.ReplyDelay = TimeSpan.Zero;
        Assert.ThrowsAsync<DeviceConnectionException>(() => session.QueryAsync(CommandString.Get("MODEL")), "fails fast while down");
        Assert.That(session.State, Is.EqualTo(ConnectionState.Reconnecting));
        _sim.Faults.RefuseConnections = false;
        await _time.RunUntilAsync(() => session.State == ConnectionState.Connected, TimeSpan.FromSeconds(10), _waits.Choose, "the reconnect");
        Assert.That((await session.QueryAsync(CommandString.Get(1, "AUDIO_MUTE"))).Value.Text, Is.EqualTo("OFF"));
    }

    [Test]
    public async Task HalfOpenLink_IsDetectedByKeepAliveAndSilence()
    {
        var session = await StartAsync(o =>
        {
            o.KeepAliveInterval = TimeSpan.FromSeconds(15);
            o.DeadConnectionTimeout = TimeSpan.FromSeconds(40);
        });
        _sim.Faults.Silent = true;
        await _time.RunUntilAsync(() => _logs.MessagesFor(ShureEventIds.LinkDead).Any(), TimeSpan.FromSeconds(45), _waits.Choose, "the link declared dead");
        Assert.That(_sim.Faults.LostFrameCount, Is.GreaterThanOrEqualTo(1), "a keep-alive was sent into the silence");
        Assert.That(_logs.MessagesFor(ShureEventIds.KeepAliveFailed), Is.Not.Empty, "the keep-alive timed out");

        // A link made while the device was still silent may be about to be declared dead too: wait for one that the
        // device has answered since it spoke again (its keep-alive), not merely for the state to read Connected.
        _sim.Faults.Silent = false;
        var spoke = _time.GetUtcNow();
        await _time.RunUntilAsync(() => session.State == ConnectionState.Connected && session.LastHeardFrom >= spoke, TimeSpan.FromSeconds(60), _waits.Choose, "a link the device answers");
        Assert.That((await session.QueryAsync(CommandString.Get("MODEL"))).Value.Text, Is.EqualTo("ANI4OUT-XLR"));
    }

    [Test]
    public async Task KeepAlive_KeepsAQuietButHealthyLinkUp()
    {
        var session = await StartAsync();
        await _time.RunUntilAsync(() => _sim.ReceivedFrames.Count(f => f == "< GET MODEL >") >= 5, TimeSpan.FromSeconds(120), _waits.Choose, "five keep-alives");
        Assert.That(session.State, Is.EqualTo(ConnectionState.Connected));
    }

    [Test]
    public async Task Reboot_MidCommand_FailsIt_AndTheSessionComesBackAfterBoot()
    {
        var session = await StartAsync();
        _sim.Faults.ReplyDelay = TimeSpan.FromSeconds(1);
        var pending = session.QueryAsync(CommandString.Get("SERIAL_NUM"));
        await Wait.UntilAsync(() => _sim.ReceivedFrames.Contains("< GET SERIAL_NUM >"), "the GET to arrive");
        _sim.Faults.Reboot();
        Assert.ThrowsAsync<DeviceConnectionException>(() => pending);
        _sim.Faults.ReplyDelay = TimeSpan.Zero;
        await _time.RunUntilAsync(() => session.State == ConnectionState.Connected, TimeSpan.FromSeconds(90), _waits.Choose, "the boot and the reconnect");
        Assert.That(_sim.IsBooting, Is.False);
    }

    [Test]
    public async Task Reconnect_BacksOffExponentiallyWithJitter_Deterministically()
    {
        var delays = await ReconnectDelaysAsync(() => 0.5);
        Assert.That(delays, Has.Count.GreaterThanOrEqualTo(5));
        Assert.That(delays.Take(5).Zip(delays.Skip(1)).Count(p => p.Second > p.First), Is.GreaterThanOrEqualTo(3), "delays grow");
        Assert.That(delays.Max(), Is.LessThanOrEqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(await ReconnectDelaysAsync(() => 0.5), Is.EqualTo(delays), "the same randomness gives the same delays");
        Assert.That(await ReconnectDelaysAsync(() => 0.9), Is.Not.EqualTo(delays), "jitter depends on the randomness");
    }

    [Test]
    public async Task Events_AreRaisedOffTheReadLoop_AndAThrowingHandlerDoesNotKillTheSession()
    {
        var session = await StartAsync();
        using var release = new ManualResetEventSlim();
        var seen = new ConcurrentQueue<CommandString>();
        session.ReportReceived += (_, e) =>
        {
            seen.Enqueue(e.Report);
            release.Wait(TestTimeouts.Signal); // a handler that blocks
        };
        session.ReportReceived += (_, _) => throw new InvalidOperationException("bad handler");

        // Commands still complete while the handler blocks.
        for (var i = 0; i < 5; i++)
        {
            await session.QueryAsync(CommandString.Get(1, "AUDIO_MUTE"));
        }

        release.Set();
        await Wait.UntilAsync(() => seen.Count == 5, "all reports delivered");
        await Wait.UntilAsync(() => _logs.MessagesFor(ShureEventIds.EventHandlerFailed).Count() == 5, "handler failures logged");
        Assert.That(session.State, Is.EqualTo(ConnectionState.Connected));
    }

    [Test]
    public async Task Samples_AreRaisedAsEvents()
    {
        var sim = new Ani4OutSimulator(new SimulatorOptions { Profile = _profile, TimeProvider = _time, Signal = SignalModel.Constant(-30) });
        var session = Create(connector: sim.CreateConnector());
        await session.StartAsync();
        var samples = new ConcurrentQueue<IReadOnlyList<int>>();
        session.SampleReceived += (_, e) => samples.Enqueue(e.Levels);
        await session.QueryAsync(CommandString.Set("METER_RATE", CommandValue.FromNumber(100)));
        for (var tick = 1; tick <= 3; tick++)
        {
            // One meter tick, then its SAMPLE event, before the next: the clock never runs ahead of the reader.
            await _time.AdvanceToNextAsync(t => t.DueIn <= TimeSpan.FromMilliseconds(100), "the meter tick");
            await Wait.UntilAsync(() => samples.Count >= tick, "the SAMPLE event");
        }

        Assert.That(samples.First(), Is.EqualTo(new[] { 30, 30, 30, 30 }));
        await session.DisposeAsync();
        sim.Dispose();
    }

    [Test]
    public async Task GarbageAndUnsolicitedErrors_AreSurvived()
    {
        var session = await StartAsync();
        _sim.Faults.SendGarbage("\u0001junk>}{ <<< REP 9 NOT SENSE >");
        _sim.Faults.SendUnsolicitedError();

        // REP ERR names nothing: had a command been outstanding, this one would have failed it (documented).
        await Wait.UntilAsync(() => _logs.MessagesFor(ShureEventIds.UnsolicitedError).Any(), "the unsolicited REP ERR");
        Assert.That((await session.QueryAsync(CommandString.Get(2, "AUDIO_MUTE"))).Value.Text, Is.EqualTo("OFF"));
    }

    [Test]
    public async Task UnsolicitedReports_FromAnotherClient_AreRaised()
    {
        var session = await StartAsync();
        var seen = new ConcurrentQueue<CommandString>();
        session.ReportReceived += (_, e) => seen.Enqueue(e.Report);
        _sim.SetMuted(3, true);
        await Wait.UntilAsync(() => seen.Any(r => r.Name == "AUDIO_MUTE" && r.Channel == 3), "the change report");
    }

    [Test]
    public async Task SixtyFourConcurrentCallers_AllGetTheRightAnswers()
    {
        var session = await StartAsync();
        var tasks = Enumerable.Range(0, 64).Select(async i =>
        {
            var ch = (i % 4) + 1;
            switch (i % 3)
            {
                case 0:
                    var raw = 900 + i;
                    var r = await session.QueryAsync(CommandString.Set(ch, "AUDIO_GAIN_HI_RES", CommandValue.FromNumber(raw)));
                    return r.Channel == ch && r.Value.Number == raw;
                case 1:
                    var m = await session.QueryAsync(CommandString.Get(ch, "CHAN_NAME"));
                    return m.Channel == ch && m.Value.Text == "Output " + ch;
                default:
                    var on = i % 2 == 0;
                    var t = await session.QueryAsync(CommandString.Set(ch, "PEQ", (i % 4) + 1, CommandValue.FromSwitch(on)));
                    return t.Channel == ch && t.Index == (i % 4) + 1 && t.Value.TryGetSwitch(out var v) && v == on;
            }
        }).ToList();
        var results = await Task.WhenAll(tasks);
        Assert.That(results, Is.All.True);
    }

    [Test]
    public async Task Dispose_FailsPendingCommands_AndClosesForGood()
    {
        var session = await StartAsync();
        _sim.Faults.ReplyDelay = TimeSpan.FromSeconds(1);
        var pending = session.QueryAsync(CommandString.Get("MODEL"));
        await session.DisposeAsync();
        Assert.ThrowsAsync<DeviceConnectionException>(() => pending);
        Assert.That(session.State, Is.EqualTo(ConnectionState.Closed));
        Assert.ThrowsAsync<ObjectDisposedException>(() => session.QueryAsync(CommandString.Get("MODEL")));
        Assert.ThrowsAsync<InvalidOperationException>(() => session.StartAsync());
    }

    [Test]
    public void Start_Unreachable_ThrowsConnectionException()
    {
        _sim.Faults.RefuseConnections = true;
        var session = Create();
        var ex = Assert.ThrowsAsync<DeviceConnectionException>(() => session.StartAsync());
        Assert.That(ex!.EndPoint, Is.EqualTo("ani4out.test:2202"));
        Assert.That(session.State, Is.EqualTo(ConnectionState.Disconnected));
    }

    [Test]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentException>(() => _ = new DeviceSession("x", new DeviceSessionOptions { CommandTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => _ = new DeviceSession("x", new DeviceSessionOptions { KeepAliveInterval = TimeSpan.FromSeconds(50) }));
        Assert.Throws<ArgumentException>(() => _ = new DeviceSession("x", new DeviceSessionOptions { Port = 0 }));
        Assert.Throws<ArgumentException>(() => _ = new DeviceSession("x", new DeviceSessionOptions { MaxReconnectDelay = TimeSpan.FromMilliseconds(1) }));
        Assert.Throws<ArgumentException>(() => _ = new DeviceSession("host:99999"));
        Assert.Throws<ArgumentException>(() => _ = new DeviceSession("bad host"));
        Assert.Throws<ArgumentException>(() => _ = new DeviceSession("<evil>"));
        Assert.That(new DeviceSession("10.0.0.5:3000").EndPoint, Is.EqualTo("10.0.0.5:3000"));
        Assert.That(new DeviceSession("[fe80::1]:2202").EndPoint, Is.EqualTo("[fe80::1]:2202"));
        Assert.That(new DeviceSession("fe80::1").EndPoint, Is.EqualTo("[fe80::1]:2202"));
    }

    [Test]
    [Category("Loopback")]
    public async Task OverRealTcp_ItWorksTheSame()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { Profile = _profile });
        await using var listener = SimulatorTcpListener.Start(sim);
        await using var session = new DeviceSession("127.0.0.1:" + listener.LocalEndPoint.Port);
        await session.StartAsync();
        Assert.That((await session.QueryAsync(CommandString.Set(2, "AUDIO_GAIN_HI_RES", CommandValue.FromNumber(1035)))).Value.Number, Is.EqualTo(1035));
        Assert.That(sim.GetGain(2), Is.EqualTo(Gain.FromDb(-6.5)));
    }

    private async Task<List<TimeSpan>> ReconnectDelaysAsync(Func<double> randomizer)
    {
        using var logs = new TestLogs();
        var time = new TestClock();
        using var sim = new Ani4OutSimulator(new SimulatorOptions { Profile = _profile, TimeProvider = time });
        await using var session = new DeviceSession("ani4out.test", new DeviceSessionOptions
        {
            Connector = sim.CreateConnector(),
            TimeProvider = time,
            LoggerFactory = logs.Factory,
            Randomizer = randomizer,
        });
        await session.StartAsync();
        sim.Faults.RefuseConnections = true;
        sim.Faults.DropConnections();
        await time.RunUntilAsync(() => logs.MessagesFor(ShureEventIds.ReconnectScheduled).Count() >= 6, TimeSpan.FromMinutes(5), TimerKinds.AnythingButDeviceWaits, "six reconnect attempts");
        return logs.RecordsFor(ShureEventIds.ReconnectScheduled)
            .Select(e => TimeSpan.Parse(e.Message.Split(" in ")[1].Split(" (")[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    // Waits for the device fire only when no answer can be coming (the silent fault swallows every answer).

    private DeviceSession Create(Action<DeviceSessionOptions>? configure = null, DeviceConnector? connector = null)
    {
        var options = new DeviceSessionOptions { Connector = connector ?? _sim.CreateConnector(), TimeProvider = _time, LoggerFactory = _logs.Factory };
        configure?.Invoke(options);
        var session = new DeviceSession("ani4out.test", options);
        _sessions.Add(session);
        return session;
    }

    private async Task<DeviceSession> StartAsync(Action<DeviceSessionOptions>? configure = null)
    {
        var session = Create(configure);
        await session.StartAsync();
        return session;
    }
}
