using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Internal;

/// <summary>
/// Which of the tracked values have arrived since a resync began (from the dump, a reply or a change report), and
/// when the last one did. Fed from the read loop; read by the resync.
/// </summary>
#pragma warning disable CA1001 // The abort source holds no timer; it is left to the garbage collector with the resync.
internal sealed class ResyncProgress
{
    private readonly TrackedKeys _expected;
    private readonly KeyFlags _arrived;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource<bool> _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort = new();
    private long _lastArrival;
    private Exception? _abortReason;

    /// <param name="expected">The keys to wait for (the model's, shared).</param>
    /// <param name="time">The clock.</param>
    public ResyncProgress(TrackedKeys expected, TimeProvider time)
    {
        _expected = expected;
        _arrived = new KeyFlags(expected.Count);
        _time = time;
        _lastArrival = time.GetTimestamp();
    }

    /// <summary>Cancelled when something that arrived ends the resync at once (another model's <c>MODEL</c>).</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>Why the resync was ended early, or null.</summary>
    public Exception? AbortReason => Volatile.Read(ref _abortReason);

    /// <summary>Ends the resync at once with <paramref name="reason"/> (the first reason wins).</summary>
    public void Abort(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _abortReason, reason, null) is null)
        {
            _abort.Cancel();
        }
    }

    /// <summary>Completes once every expected value has arrived.</summary>
    public Task Complete => _complete.Task;

    /// <summary>How long since the last expected value arrived (or since the resync began).</summary>
    public TimeSpan Quiet
    {
        get
        {
            lock (_arrived)
            {
                return _time.GetElapsedTime(_lastArrival);
            }
        }
    }

    public int ArrivedCount
    {
        get
        {
            lock (_arrived)
            {
                return _arrived.Count;
            }
        }
    }

    public void Record(ParameterKey key)
    {
        lock (_arrived)
        {
            var index = _expected.IndexOf(key);
            if (!_expected.IsTracked(index) || !_arrived.Set(index))
            {
                return;
            }

            _lastArrival = _time.GetTimestamp();
            if (_arrived.Count < _expected.Count)
            {
                return;
            }
        }

        _complete.TrySetResult(true);
    }

    public bool HasArrived(ParameterKey key)
    {
        lock (_arrived)
        {
            return _expected.IndexOf(key) is var index && _expected.IsTracked(index) && _arrived[index];
        }
    }

    /// <summary>The expected values that have not arrived, in <paramref name="order"/>.</summary>
    public List<ParameterKey> Missing(IEnumerable<ParameterKey> order)
    {
        lock (_arrived)
        {
            var missing = new List<ParameterKey>();
            foreach (var key in order)
            {
                if (_expected.IndexOf(key) is var index && _expected.IsTracked(index) && !_arrived[index])
                {
                    missing.Add(key);
                }
            }

            return missing;
        }
    }
}
#pragma warning restore CA1001
