using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// The package's <see cref="FakeTimeProvider"/> plus the one fact it does not expose: how many timers are scheduled.
/// A test waits for the code under test to arm its timer before it moves the clock, or the advance would be lost.
/// </summary>
public sealed class TimerCountingTimeProvider : FakeTimeProvider
{
    private int _scheduled;

    /// <summary>Timers that are armed and have not fired (one-shot), been stopped or been disposed.</summary>
    public int ActiveTimerCount => Volatile.Read(ref _scheduled);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var counted = new CountedTimer(this);
        counted.Inner = base.CreateTimer(counted.Fire, (callback, state), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        counted.Change(dueTime, period);
        return counted;
    }

    private sealed class CountedTimer(TimerCountingTimeProvider owner) : ITimer
    {
        private bool _armed;
        private bool _periodic;
        private long _fires;

        public ITimer Inner { get; set; } = null!;

        // Counted as armed only once the inner timer is scheduled: a test that sees the count and advances the clock
        // at once must not move it before the timer's due time is set (the advance would be lost).
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            long fires;
            lock (this)
            {
                _periodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
                fires = _fires;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    SetArmed(false);
                }
            }

            var changed = Inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                lock (this)
                {
                    // A one-shot that already fired (a zero due time) is not armed any more.
                    if (_periodic || _fires == fires)
                    {
                        SetArmed(true);
                    }
                }
            }

            return changed;
        }

        public void Fire(object? state)
        {
            lock (this)
            {
                _fires++;
                if (!_periodic)
                {
                    SetArmed(false);
                }
            }

            var (callback, inner) = ((TimerCallback, object?))state!;
            callback(inner);
        }

        public void Dispose()
        {
            lock (this)
            {
                SetArmed(false);
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        private void SetArmed(bool armed)
        {
            if (armed != _armed)
            {
                _armed = armed;
                Interlocked.Add(ref owner._scheduled, armed ? 1 : -1);
            }
        }
    }
}
