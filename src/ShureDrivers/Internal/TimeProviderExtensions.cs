using System;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Internal;

/// <summary>One spelling of "wait on this clock" for every target framework.</summary>
internal static class TimeProviderExtensions
{
    public static Task DelayAsync(this TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
    {
#if NETSTANDARD2_0
        return timeProvider.Delay(delay, cancellationToken);
#else
        return Task.Delay(delay, timeProvider, cancellationToken);
#endif
    }

    /// <summary>A token source that cancels itself after <paramref name="delay"/> on this clock.</summary>
    public static CancellationTokenSource CreateTimeoutSource(this TimeProvider timeProvider, TimeSpan delay)
    {
#if NETSTANDARD2_0
        return timeProvider.CreateCancellationTokenSource(delay);
#else
        return new CancellationTokenSource(delay, timeProvider);
#endif
    }
}
