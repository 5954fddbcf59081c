using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

/// <summary>Every fault the simulator can inject, observed from a client.</summary>
[CancelAfter(20_000)]
public class SimulatorFaultTests
{
    private TestClock _time = null!;
    private Ani4OutSimulator _sim = null!;
    private readonly List<FrameClient> _clients = [];

    [SetUp]
    public void SetUp()
    {
        _time = new TestClock();
        _sim = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = _time });
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var c in _clients)
        {
            await c.DisposeAsync();
        }

        _clients.Clear();
        _sim.Dispose();
    }

    [Test]
    public async Task ReplyDelay_HoldsRepliesUntilTheClockMoves()
    {
        var a = Connect();
        _sim.Faults.ReplyDelay = TimeSpan.FromSeconds(3);
        await a.SendAsync("< GET MODEL >");
        await WaitForTimerAsync();
        Assert.That(a.TryTake(out _), Is.False);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.That(await a.NextAsync(), Does.StartWith("< REP MODEL"));
    }

    [Test]
    public async Task DropConnections_ClosesEverySession()
    {
        var a = Connect();
        var b = Connect();
        await a.RequestAsync("< GET MODEL >");
        _sim.Faults.DropConnections();
        Assert.That(await a.ReadToCloseAsync(), Is.Empty);
        Assert.That(await b.ReadToCloseAsync(), Is.Empty);
        Assert.That(await Connect().RequestAsync("< GET PRESET >"), Is.EqualTo("< REP PRESET 00 >"), "new connections are still welcome");
    }

    [Test]
    public async Task Silent_KeepsTheLinkOpenButAnswersNothing()
    {
        var a = Connect();
        _sim.Faults.Silent = true;
        await a.SendAsync("< SET 1 AUDIO_MUTE ON >");
        await a.SendAsync("< GET MODEL >");
        await WaitUntilAsync(() => _sim.Faults.LostFrameCount == 2);
        Assert.That(a.IsClosed, Is.False);
        Assert.That(a.TryTake(out _), Is.False);

        _sim.Faults.Silent = false;
        Assert.That(await a.RequestAsync("< GET 1 AUDIO_MUTE >"), Is.EqualTo("< REP 1 AUDIO_MUTE OFF >"), "what arrived while silent was lost");
        Assert.That(_sim.IsMuted(1), Is.False);
    }

    [Test]
    public async Task Reboot_Fault_BehavesAsSetReboot()
    {
        var a = Connect();
        _sim.Faults.Reboot();
        Assert.That(await a.ReadToCloseAsync(), Is.Empty);
        Assert.Throws<SocketException>(() => _sim.ConnectInMemory());
        _time.Advance(_sim.Options.BootTime);
        Assert.That(await Connect().RequestAsync("< GET PRESET >"), Is.EqualTo("< REP PRESET 00 >"));
    }

    [Test]
    public async Task Garbage_ArrivesBetweenFramesAndIsSkippedByAFramer()
    {
        var a = Connect();
        await a.RequestAsync("< GET MODEL >");
        _sim.Faults.SendGarbage("\u0001\u0002junk>>}{ ");
        Assert.That(await a.RequestAsync("< GET 1 AUDIO_MUTE >"), Is.EqualTo("< REP 1 AUDIO_MUTE OFF >"));
        Assert.That(a.DroppedBytes, Is.GreaterThan(0));
    }

    [Test]
    public async Task UnsolicitedError_ArrivesUnasked()
    {
        var a = Connect();
        await a.RequestAsync("< GET MODEL >");
        _sim.Faults.SendUnsolicitedError();
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP ERR >"));
    }

    [Test]
    public void RefuseConnections_RefusesUntilCleared()
    {
        _sim.Faults.RefuseConnections = true;
        var ex = Assert.Throws<SocketException>(() => _sim.ConnectInMemory());
        Assert.That(ex!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
        Assert.That(_sim.IsAcceptingConnections, Is.False);
        _sim.Faults.Reset();
        Assert.That(_sim.IsAcceptingConnections, Is.True);
    }

    [Test]
    public async Task MaxSessions_RefusesBeyondTheCap()
    {
        _sim.Faults.MaxSessions = 2;
        Connect();
        var second = Connect();
        Assert.Throws<SocketException>(() => _sim.ConnectInMemory());
        await second.DisposeAsync();
        _clients.Remove(second);
        await WaitUntilAsync(() => _sim.SessionCount == 1);
        Assert.That(await Connect().RequestAsync("< GET PRESET >"), Is.EqualTo("< REP PRESET 00 >"));
    }

    [Test]
    public async Task RejectWhen_AnswersMatchingRequestsWithRepErr()
    {
        var a = Connect();
        _sim.Faults.RejectWhen = c => c.Name == "AUDIO_MUTE";
        Assert.That(await a.RequestAsync("< SET 1 AUDIO_MUTE ON >"), Is.EqualTo("< REP ERR >"));
        Assert.That(await a.RequestAsync("< GET 1 AUDIO_GAIN_HI_RES >"), Is.EqualTo("< REP 1 AUDIO_GAIN_HI_RES 1100 >"));
        Assert.That(_sim.IsMuted(1), Is.False);
    }

    [Test]
    public async Task ClientThatStopsReading_DoesNotMakeTheSimulatorGrowWithoutBound()
    {
        using var logs = new TestLogs();
        var sim = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = _time, MaxQueuedFramesPerSession = 8, LoggerFactory = logs.Factory });
        await using var stalled = sim.ConnectInMemory(); // never read
        for (var i = 0; i < 100_000; i++)
        {
            sim.SetMuted(1, i % 2 == 0);
        }

        Assert.That(sim.SessionCount, Is.EqualTo(1));

        // The drops are seen (a full queue's TryWrite still returns true) and logged sparsely.
        var drops = logs.MessagesFor(SimulatorEventIds.OutputDropped).ToList();
        Assert.That(drops, Is.Not.Empty);
        Assert.That(drops, Has.Count.LessThanOrEqualTo(6), "logged at the 1st, 10th, 100th … drop, not at each");
        Assert.That(drops[0], Does.Contain("1 outgoing frames dropped"));
        sim.Dispose();
    }

    [Test]
    public void Dispose_RefusesFurtherConnections()
    {
        _sim.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _sim.ConnectInMemory());
    }

    private FrameClient Connect()
    {
        var client = new FrameClient(_sim.ConnectInMemory());
        _clients.Add(client);
        return client;
    }

    // The session's writer starts its delay timer asynchronously; wait for that signal, not for time.
    private async Task WaitForTimerAsync() => await WaitUntilAsync(() => _time.ActiveTimerCount > 0);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met.");
            }

            await Task.Yield();
        }
    }
}
