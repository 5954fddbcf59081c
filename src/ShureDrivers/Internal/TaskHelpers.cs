using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Internal;

/// <summary>Small task utilities for the UDP loops (netstandard2.0 has no cancellable socket receive).</summary>
internal static class TaskHelpers
{
    /// <summary>A task that completes (never faults) when <paramref name="token"/> is cancelled, for Task.WhenAny.</summary>
    public static Task<bool> WhenCanceled(this CancellationToken token)
    {
        var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), tcs);
        return tcs.Task;
    }

    /// <summary>Observes the exception of an abandoned task (a receive ended by closing its socket).</summary>
    public static void Forget(this Task? task) =>
        task?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
