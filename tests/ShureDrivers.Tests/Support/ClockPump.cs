using Microsoft.Extensions.Time.Testing;
using System;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// Moves a manual clock forward in small steps in the background, so a test against a slow or silent simulated
/// device runs its reply delays and timeouts in clock time without waiting for them. Bounded: it stops after
/// <c>limit</c> of clock time, or when disposed.
/// </summary>
public sealed class ClockPump : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ClockPump(FakeTimeProvider time, TimeSpan step, TimeSpan limit)
    {
        _loop = Task.Run(async () =>
        {
            var advanced = TimeSpan.Zero;
            while (!_stop.IsCancellationRequested && advanced < limit)
            {
                // Let what the last step released run on the thread pool before the next.
                await Task.Delay(1);
                time.Advance(step);
                advanced += step;
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        _stop.Dispose();
    }
}
