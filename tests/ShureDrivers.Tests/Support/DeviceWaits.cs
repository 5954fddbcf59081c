using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Simulator;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// Chooses the timers a <see cref="TestClock"/> may fire for tests of sessions that work through several steps (a
/// connect, a resync, a settlement), so that each fires only when it would in real life, whatever the machine's speed:
/// <list type="bullet">
/// <item>No timer while a watched session is on its way from one step to the next (a query in progress not yet
/// on the wire, or a connect or resync with nothing written and no dump to wait for): that moment lasts microseconds in
/// real life, and no timer fires in it.</item>
/// <item>A wait for the device (<see cref="TimerKinds.IsDeviceWait"/>) only when a session is blocked on the device (a
/// request it wrote waits for its reply, or the dump's quiet time runs) and the device says no answer is coming.</item>
/// <item>Any other timer when it is next due.</item>
/// </list>
/// </summary>
public sealed class DeviceWaits : IDisposable
{
    private readonly TestClock _clock;
    private readonly Func<bool> _quiet;
    private readonly List<DeviceSession> _sessions = [];

    /// <summary>Watches every session made on <paramref name="clock"/> from now until disposed.</summary>
    /// <param name="clock">The clock the sessions run on.</param>
    /// <param name="quiet">Whether the device has nothing in flight in real time (bytes on their way, a request it is handling): only the clock can make it act.</param>
    public DeviceWaits(TestClock clock, Func<bool> quiet)
    {
        _clock = clock;
        _quiet = quiet;
        DeviceSession.Created += Track;
    }

    /// <summary>
    /// A simulator's rule: its links are quiet (every byte written has been read, both ends wait for more) and its
    /// queues are empty or wait on a reply delay. Every request on the wire has then been handled: ignored, or answered
    /// on a clock timer the clock orders against the timeouts.
    /// </summary>
    public static DeviceWaits For(TestClock clock, Func<Ani4OutSimulator> simulator, bool skipLivenessTicks = false) =>
        new(clock, () => simulator().IsQuiet) { SkipsLivenessTicks = skipLivenessTicks };

    /// <inheritdoc cref="For(TestClock, Func{Ani4OutSimulator}, bool)"/>
    public static DeviceWaits For(TestClock clock, Ani4OutSimulator simulator, bool skipLivenessTicks = false) => For(clock, () => simulator, skipLivenessTicks);

    /// <summary>
    /// Holds back the liveness monitor's tick, for tests that are not about it: minutes away on a link set up without
    /// keep-alives, it would jump the clock in a moment between two steps that no counter sees (a background retry's
    /// delay ending, say), where in real life it never fires.
    /// </summary>
    public bool SkipsLivenessTicks { get; init; }

    /// <summary>The choice to pass to <see cref="TestClock.RunUntilAsync(Func{bool}, TimeSpan, Func{ArmedTimer, bool}?, string)"/>.</summary>
    public bool Choose(ArmedTimer timer)
    {
        var sessions = Sessions();
        var dumpWait = _clock.Armed.Any(t => t.Owner == TimerKinds.DumpQuietTime);
        var waiting = 0;
        foreach (var session in sessions)
        {
            var written = session.CurrentLink?.Pending.OnTheWireAndWaiting() ?? [];
            // A query waiting for its turn waits on another's reply: blocked, not on its way.
            var blocked = written.Count + session.QueriesWaitingTheirTurn;
            var onItsWay = session.QueriesInProgress != blocked || (session.FlowsInProgress > 0 && written.Count == 0 && !dumpWait);
            if (onItsWay)
            {
                LastRefusal = $"{session.EndPoint} on its way: {session.QueriesInProgress} queries, {written.Count} on the wire, {session.QueriesWaitingTheirTurn} waiting their turn, {session.FlowsInProgress} flows, dump wait {dumpWait}";
                return false;
            }

            waiting += written.Count;
        }

        if (!_quiet())
        {
            LastRefusal = "the device has something in flight";
            return false;
        }

        if (!TimerKinds.IsDeviceWait(timer))
        {
            return !SkipsLivenessTicks || timer.Owner != TimerKinds.LivenessTick;
        }

        var fires = waiting > 0 || dumpWait;
        if (!fires)
        {
            LastRefusal = $"{timer.Owner} held: nothing waits on the device";
        }

        return fires;
    }

    /// <summary>
    /// <see cref="Choose"/> while the test awaits <paramref name="call"/>: besides, no timer while the call is unfinished
    /// and no session is doing anything (the call is in its own code, between one step and the next).
    /// </summary>
    public Func<ArmedTimer, bool> While(Task call)
    {
        // Observed here, so a call the test does not await (a WhenAll of calls it checks one by one) raises no
        // unobserved-exception event.
        _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new Awaiting(this, call).Choose;
    }

    private bool ChooseWhile(Task call, ArmedTimer timer)
    {
        if (!call.IsCompleted && Sessions().TrueForAll(s => s.QueriesInProgress == 0 && s.FlowsInProgress == 0))
        {
            LastRefusal = "the awaited call is between steps";
            return false;
        }

        return Choose(timer);
    }

    /// <summary>Why the last timer was held back (for timeout messages).</summary>
    public string LastRefusal { get; private set; } = "nothing held back";

    public void Dispose() => DeviceSession.Created -= Track;

    // The chooser While returns: its target tells TestClock's timeout message why the clock was held.
    internal sealed class Awaiting(DeviceWaits waits, Task call)
    {
        public DeviceWaits Waits => waits;

        public bool Choose(ArmedTimer timer) => waits.ChooseWhile(call, timer);
    }

    private List<DeviceSession> Sessions()
    {
        lock (_sessions)
        {
            return [.. _sessions];
        }
    }

    private void Track(DeviceSession session)
    {
        if (ReferenceEquals(session.Options.TimeProvider, _clock))
        {
            lock (_sessions)
            {
                _sessions.Add(session);
            }
        }
    }
}
