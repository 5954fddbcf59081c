using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// The package's <see cref="FakeTimeProvider"/>, plus what it does not expose: which timers are armed, when each is
/// due and who armed it (<see cref="ArmedTimer.Owner"/>, "DeviceSession.QueryCoreAsync"). A test moves the clock only
/// in answer to a signal, "the next timer due is one I chose", and only to that timer's due time. Two rules make that
/// safe while real threads run:
/// <list type="bullet">
/// <item>The clock never passes a timer the test did not choose: it waits until that timer is disarmed (a reply
/// arrived, so its command's timeout went away) or becomes chosen. A command timeout therefore never fires while the
/// reply it waits for is on its way, however slow the machine.</item>
/// <item>A timer armed while the clock moves is armed as if just after the move (as a thread a moment slower would
/// have armed it), so it cannot slip in before the chosen one.</item>
/// </list>
/// It replaces stepping the clock from a real-time loop.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private readonly object _gate = new();
    private readonly HashSet<TrackedTimer> _armed = [];
    private readonly List<(TrackedTimer Timer, TimeSpan Due, TimeSpan Period)> _deferred = [];
    private readonly Queue<string> _moves = new();
    private bool _moving;
    private int _arming;

    /// <summary>Timers that are armed and have not fired (one-shot), been stopped or been disposed.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count + _deferred.Count;
            }
        }
    }

    /// <summary>The armed timers, soonest first.</summary>
    public IReadOnlyList<ArmedTimer> Armed
    {
        get
        {
            lock (_gate)
            {
                return ArmedLocked();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this, OwnerOf(new StackTrace(1, false)));
        tracked.Inner = base.CreateTimer(tracked.Fire, (callback, state), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        tracked.Change(dueTime, period);
        return tracked;
    }

    /// <summary>
    /// Waits until the next timer due is one <paramref name="which"/> chooses (any, when null), then moves the clock to
    /// its due time. Returns how far it moved. Bounded in real time by <see cref="TestTimeouts.Signal"/>.
    /// </summary>
    public async Task<TimeSpan> AdvanceToNextAsync(Func<ArmedTimer, bool>? which = null, string what = "a timer") =>
        (await StepAsync(() => false, which, what, TestTimeouts.Signal))!.Value;

    /// <summary>
    /// Moves the clock timer by timer (each as <see cref="AdvanceToNextAsync"/>) until <paramref name="done"/> holds;
    /// at most <paramref name="limit"/> of clock time in all.
    /// </summary>
    public async Task RunUntilAsync(Func<bool> done, TimeSpan limit, Func<ArmedTimer, bool>? which = null, string what = "the condition")
    {
        var start = GetUtcNow();
        while (await StepAsync(done, which, what, TestTimeouts.Signal) is not null)
        {
            if (GetUtcNow() - start > limit)
            {
                throw new TimeoutException($"{what}: not reached within {limit} of clock time (timers armed: {Describe(Armed)}; last moves: {LastMoves}).");
            }
        }
    }

    /// <summary>As <see cref="RunUntilAsync(Func{bool}, TimeSpan, Func{ArmedTimer, bool}?, string)"/>, until <paramref name="task"/> ends (however it ends).</summary>
    public async Task RunUntilAsync(Task task, TimeSpan limit, Func<ArmedTimer, bool>? which = null, string what = "the task")
    {
        await RunUntilAsync(() => task.IsCompleted, limit, which, what);
        await task;
    }

    /// <inheritdoc cref="RunUntilAsync(Task, TimeSpan, Func{ArmedTimer, bool}?, string)"/>
    public async Task<T> RunUntilAsync<T>(Task<T> task, TimeSpan limit, Func<ArmedTimer, bool>? which = null, string what = "the task")
    {
        await RunUntilAsync(() => task.IsCompleted, limit, which, what);
        return await task;
    }

    // One move: null once done; else, once the next timer due is chosen, the clock goes to its due time.
    private async Task<TimeSpan?> StepAsync(Func<bool> done, Func<ArmedTimer, bool>? which, string what, TimeSpan bound, CancellationToken stop = default)
    {
        var deadline = bound == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + bound;
        for (var polls = 0; ; polls++)
        {
            if (done() || stop.IsCancellationRequested)
            {
                return null;
            }

            TimeSpan? move = null;
            lock (_gate)
            {
                var armed = ArmedLocked();
                if (armed.Count > 0 && !_moving && _arming == 0)
                {
                    var soonest = armed[0].DueIn;
                    if (armed.TakeWhile(t => t.DueIn == soonest).All(t => which?.Invoke(t) != false))
                    {
                        move = soonest < TimeSpan.Zero ? TimeSpan.Zero : soonest;
                        _moving = true;
                        _moves.Enqueue($"{armed[0].Owner} +{move}");
                        if (_moves.Count > 16)
                        {
                            _moves.Dequeue();
                        }
                    }
                }
            }

            if (move is { } by)
            {
                try
                {
                    Advance(by);
                }
                finally
                {
                    EndMove();
                }

                return by;
            }

            if (DateTime.UtcNow > deadline)
            {
                var why = which?.Target switch
                {
                    DeviceWaits waits => $"; {waits.LastRefusal}",
                    DeviceWaits.Awaiting awaiting => $"; {awaiting.Waits.LastRefusal}",
                    _ => string.Empty,
                };
                throw new TimeoutException($"Timed out waiting for {what} (timers armed: {Describe(Armed)}; last moves: {LastMoves}{why}).");
            }

            // Spin briefly (a reply is usually microseconds away), then poll without holding a core.
            if (polls < 1000)
            {
                await Task.Yield();
            }
            else
            {
                await Task.Delay(1, CancellationToken.None);
            }
        }
    }

    // Timers armed during the move are armed now, from the time the clock reached.
    private void EndMove()
    {
        List<(TrackedTimer Timer, TimeSpan Due, TimeSpan Period)> deferred;
        lock (_gate)
        {
            _moving = false;
            deferred = [.. _deferred];
            _deferred.Clear();
            foreach (var (timer, due, period) in deferred)
            {
                timer.RecordLocked(due, period);
            }
        }

        foreach (var (timer, due, period) in deferred)
        {
            Arm(timer, due, period);
        }
    }

    // The inner timer is set outside the gate: setting it may run a callback at once (a zero due time), and that
    // callback may take locks of the code under test. The clock does not move meanwhile (_arming), so the inner
    // timer's due time is the one recorded.
    private void Arm(TrackedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        try
        {
            timer.Inner.Change(dueTime, period);
        }
        finally
        {
            lock (_gate)
            {
                _arming--;
            }
        }
    }

    /// <summary>The last moves of the clock (the timer moved to, and how far), for failure messages.</summary>
    public string LastMoves
    {
        get
        {
            lock (_gate)
            {
                return _moves.Count == 0 ? "none" : string.Join(", ", _moves);
            }
        }
    }

    private List<ArmedTimer> ArmedLocked()
    {
        var now = GetUtcNow();
        return _armed.Select(t => new ArmedTimer(t.Due - now, t.Owner)).OrderBy(t => t.DueIn).ToList();
    }

    private static string Describe(IReadOnlyList<ArmedTimer> armed) =>
        armed.Count == 0 ? "none" : string.Join(", ", armed.Select(t => $"{t.Owner} in {t.DueIn}"));

    // The first method of ours on the stack: "Type.Method", with compiler-made names (async state machines, lambdas)
    // read back to the method they came from.
    private static string OwnerOf(StackTrace stack)
    {
        foreach (var frame in stack.GetFrames())
        {
            var method = frame.GetMethod();
            var type = method?.DeclaringType;
            if (method is null || type?.Namespace is not { } ns || !ns.StartsWith("ShureDrivers", StringComparison.Ordinal)
                || type == typeof(TestClock) || type.Name is "TimeProviderExtensions" or "CommandTimeout")
            {
                continue;
            }

            return Describe(method);
        }

        return "(outside ShureDrivers)";
    }

    private static string Describe(MethodBase method)
    {
        var name = Unmangle(method.Name);
        var type = method.DeclaringType!;
        while (type.Name.StartsWith('<') && type.DeclaringType is not null)
        {
            if (!type.Name.StartsWith("<>", StringComparison.Ordinal))
            {
                name = Unmangle(type.Name);
            }

            type = type.DeclaringType;
        }

        return $"{type.Name}.{name}";
    }

    private static string Unmangle(string name) =>
        name.StartsWith('<') && name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end ? name[1..end] : name;

    private sealed class TrackedTimer(TestClock owner, string ownerName) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public string Owner { get; } = ownerName;

        public DateTimeOffset Due { get; private set; }

        private TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                owner._armed.Remove(this);
                owner._deferred.RemoveAll(d => d.Timer == this);
                Inner.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                if (owner._moving)
                {
                    owner._deferred.Add((this, dueTime, period));
                    return true;
                }

                RecordLocked(dueTime, period);
            }

            owner.Arm(this, dueTime, period);
            return true;
        }

        // Under the clock's gate, with the clock held still (Arm follows, outside the gate).
        public void RecordLocked(TimeSpan dueTime, TimeSpan period)
        {
            Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? TimeSpan.Zero : period;
            Due = owner.GetUtcNow() + dueTime;
            owner._armed.Add(this);
            owner._arming++;
        }

        public void Fire(object? state)
        {
            lock (owner._gate)
            {
                if (Period > TimeSpan.Zero)
                {
                    Due += Period;
                }
                else
                {
                    owner._armed.Remove(this);
                }
            }

            var (callback, inner) = ((TimerCallback, object?))state!;
            callback(inner);
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._armed.Remove(this);
                owner._deferred.RemoveAll(d => d.Timer == this);
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
