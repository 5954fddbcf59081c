using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Discovery;

namespace ShureDrivers.Tests.Support;

/// <summary>Runs <see cref="ShureDeviceBrowser.BrowseAsync"/> in the background and collects its events until stopped (or <paramref name="limit"/>).</summary>
public sealed class Browsing : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _task;

    private Browsing(DiscoveryOptions options, TimeSpan limit)
    {
        _stop = new CancellationTokenSource(limit);
        _task = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in ShureDeviceBrowser.BrowseAsync(options, _stop.Token))
                {
                    Events.Enqueue(e);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });
    }

    public ConcurrentQueue<DeviceEvent> Events { get; } = new();

    public bool IsCompleted => _task.IsCompleted;

    public static Browsing Start(DiscoveryOptions options, TimeSpan? limit = null) => new(options, limit ?? TestTimeouts.Signal * 2);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _task;
        _stop.Dispose();
    }
}
