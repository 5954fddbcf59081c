using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// The package's <see cref="FakeTimeProvider"/>, plus what it does not expose: which timers are armed and when each
/// is due. A test moves the clock only in answer to a signal, "a timer of the kind I expect is armed", told apart by
/// its time left (a 300 ms reply delay, a 2 s command timeout, a 100 ms meter tick), and only to that timer's due
/// time: a timer the test did not choose never fires, so nothing that runs in real time meanwhile (a reply on its
/// way) can be overtaken by a timeout. It replaces stepping the clock from a real-time loop.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private readonly object _gate = new();
    private readonly object _step = new();
    private readonly HashSet<TrackedTimer> _armed = [];

    /// <summary>Timers that are armed and have not fired (one-shot), been stopped or been disposed.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    /// <summary>How long until each armed timer fires, soonest first.</summary>
    public IReadOnlyList<TimeSpan> ArmedDueIn
    {
        get
        {
            var now = GetUtcNow();
            lock (_gate)
            {
                return _armed.Select(t => t.Due - now).Order().ToList();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this);
        tracked.Inner = base.CreateTimer(tracked.Fire, (callback, state), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        tracked.Change(dueTime, period);
        return tracked;
    }

    /// <summary>
    /// Waits until a timer whose time left satisfies <paramref name="which"/> (any, when null) is armed, then moves the
    /// clock to the soonest such timer's due time. Returns how far it moved. Bounded in real time by
    /// <see cref="TestTimeouts.Signal"/>.
    /// </summary>
    public async Task<TimeSpan> AdvanceToNextAsync(Func<TimeSpan, bool>? which = null, string what = "a timer") =>
        (await StepAsync(() => false, which, what))!.Value;

    /// <summary>
    /// Moves the clock timer by timer (each as <see cref="AdvanceToNextAsync"/>) until <paramref name="done"/> holds;
    /// at most <paramref name="limit"/> of clock time in all.
    /// </summary>
    public async Task RunUntilAsync(Func<bool> done, TimeSpan limit, Func<TimeSpan, bool>? which = null, string what = "the condition")
    {
        var start = GetUtcNow();
        while (await StepAsync(done, which, what) is not null)
        {
            if (GetUtcNow() - start > limit)
            {
                throw new TimeoutException($"{what}: not reached within {limit} of clock time.");
            }
        }
    }

    // One move: null once done; else, once a chosen timer is armed, the clock goes to the soonest chosen due time.
    private async Task<TimeSpan?> StepAsync(Func<bool> done, Func<TimeSpan, bool>? which, string what)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (true)
        {
            if (done())
            {
                return null;
            }

            lock (_step)
            {
                if (ArmedDueIn.Where(d => which?.Invoke(d) != false).Cast<TimeSpan?>().FirstOrDefault() is { } next)
                {
                    var move = next < TimeSpan.Zero ? TimeSpan.Zero : next;
                    Advance(move);
                    return move;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                var armed = string.Join(", ", ArmedDueIn);
                throw new TimeoutException($"Timed out waiting for {what} (timers armed, due in: {(armed.Length == 0 ? "none" : armed)}).");
            }

            await Task.Yield();
        }
    }

    private void SetArmed(TrackedTimer timer, bool armed)
    {
        lock (_gate)
        {
            if (armed)
            {
                _armed.Add(timer);
            }
            else
            {
                _armed.Remove(timer);
            }
        }
    }

    private sealed class TrackedTimer(TestClock owner) : ITimer
    {
        private TimeSpan _period;
        private long _changes;

        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset Due { get; private set; }

        // Recorded as armed only once the inner timer is scheduled: a test that sees it and moves the clock at once
        // must not move it before the timer's due time is set (the move would be lost).
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            long change;
            lock (this)
            {
                change = ++_changes;
                _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? TimeSpan.Zero : period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : owner.GetUtcNow() + dueTime;
            }

            owner.SetArmed(this, false);
            var changed = Inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                lock (this)
                {
                    // A one-shot that already fired (a zero due time), or a later Change, decides for itself.
                    if (_changes == change && Due != DateTimeOffset.MinValue)
                    {
                        owner.SetArmed(this, true);
                    }
                }
            }

            return changed;
        }

        public void Fire(object? state)
        {
            lock (this)
            {
                if (_period > TimeSpan.Zero)
                {
                    Due += _period;
                }
                else
                {
                    Due = DateTimeOffset.MinValue;
                    owner.SetArmed(this, false);
                }
            }

            var (callback, inner) = ((TimerCallback, object?))state!;
            callback(inner);
        }

        public void Dispose()
        {
            lock (this)
            {
                _changes++;
                owner.SetArmed(this, false);
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
