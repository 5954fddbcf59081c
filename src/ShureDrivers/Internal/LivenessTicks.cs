using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace ShureDrivers.Internal;

/// <summary>
/// The liveness monitor's tick: one timer and one reusable awaitable for a connection's life. A delay per tick
/// allocated a promise, a timer and a registration every few seconds per device, which was nearly all a metering
/// fleet still allocated. <see cref="NextAsync"/> is true when the tick is due, false once the connection closes.
/// One waiter at a time (the monitor's loop).
/// </summary>
internal sealed class LivenessTicks : IValueTaskSource<bool>, IDisposable
{
    private ManualResetValueTaskSourceCore<bool> _core;
    private CancellationTokenRegistration _closing;
    private ITimer? _timer;
    private int _pending;
    private bool _closed;

    /// <summary>The timer that fires the ticks; the monitor creates it so that it is the timer's owner on a test clock.</summary>
    public ITimer Timer
    {
        set => _timer = value;
    }

    /// <summary>The timer's callback.</summary>
    public static void Fire(object? ticks) => ((LivenessTicks)ticks!).Complete(true);

    /// <summary>Ends the ticks when <paramref name="closing"/> is cancelled.</summary>
    public void CloseWith(CancellationToken closing) =>
        _closing = closing.Register(static s => ((LivenessTicks)s!).Close(), this);

    /// <summary>Waits <paramref name="tick"/>: true when it has passed, false when the connection closed first.</summary>
    public ValueTask<bool> NextAsync(TimeSpan tick)
    {
        if (Volatile.Read(ref _closed))
        {
            return new ValueTask<bool>(false);
        }

        _core.Reset();
        Volatile.Write(ref _pending, 1);
        _timer!.Change(tick, Timeout.InfiniteTimeSpan);

        // A close that ran before the wait was pending found nothing to complete.
        if (Volatile.Read(ref _closed))
        {
            Complete(false);
        }

        return new ValueTask<bool>(this, _core.Version);
    }

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    public void Dispose()
    {
        _closing.Dispose();
        _timer?.Dispose();
    }

    private void Close()
    {
        Volatile.Write(ref _closed, true);
        Complete(false);
    }

    // The timer and the close may race: whichever comes first completes the wait, once.
    private void Complete(bool due)
    {
        if (Interlocked.Exchange(ref _pending, 0) == 1)
        {
            _core.SetResult(due);
        }
    }
}
