using System;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace ShureDrivers.Internal;

/// <summary>
/// Runs event handlers on one background thread, in order, never on the read loop: a slow or throwing handler can
/// neither stall nor end the session. Bounded; past the bound the oldest waiting events are dropped.
/// </summary>
internal sealed class EventPump
{
    private readonly Channel<Action> _events;
    private readonly Task _pump;
    private readonly ILogger _logger;
    private readonly string _endPoint;

    public EventPump(int capacity, ILogger logger, string endPoint)
    {
        _logger = logger;
        _endPoint = endPoint;
        _events = Channel.CreateBounded<Action>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Queues <paramref name="action"/> after the events already queued; ignored once completed.</summary>
    public void Post(Action action) => _events.Writer.TryWrite(action);

    /// <summary>Stops taking events and waits for the queued ones to run.</summary>
    public Task CompleteAsync()
    {
        _events.Writer.TryComplete();
        return _pump;
    }

    private async Task PumpAsync()
    {
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var action))
            {
                try
                {
                    action();
                }
#pragma warning disable CA1031 // A user's handler must never end the session; the exception is logged.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.EventHandlerFailed(_logger, _endPoint, ex);
                }
            }
        }
    }
}
