using System;
using System.Threading;

namespace ShureDrivers.Internal;

/// <summary>
/// A command's timeout on the session's clock that can start over: one token for the wait for its turn and the write,
/// then, restarted when the request is on the wire, a full timeout for the reply. One source and one timer per
/// command where there were two of each (and two linked sources): about 0.6 KB less per command.
/// </summary>
internal sealed class CommandTimeout : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly ITimer _timer;
    private readonly TimeSpan _delay;

    public CommandTimeout(TimeProvider time, TimeSpan delay)
    {
        _delay = delay;
        _timer = time.CreateTimer(static s => Expire((CancellationTokenSource)s!), _source, delay, Timeout.InfiniteTimeSpan);
    }

    public CancellationToken Token => _source.Token;

    public bool IsCancellationRequested => _source.IsCancellationRequested;

    /// <summary>A full timeout from now (unless it has already expired: a late write does not buy a second one).</summary>
    public void Restart() => _timer.Change(_delay, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _timer.Dispose();
        _source.Dispose();
    }

    private static void Expire(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command finished while the timer fired.
        }
    }
}
