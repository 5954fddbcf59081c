using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace ShureDrivers.Internal;

/// <summary>
/// Watches one connection: a keep-alive after <see cref="DeviceSessionOptions.KeepAliveInterval"/> of quiet both
/// ways, and a break after <see cref="DeviceSessionOptions.DeadConnectionTimeout"/> of silence from the device.
/// </summary>
internal sealed class LivenessMonitor(
    DeviceConnection connection,
    DeviceSessionOptions options,
    Func<long> lastHeard,
    Func<CancellationToken, Task> sendKeepAlive,
    ILogger logger,
    string endPoint)
{
    /// <summary>Runs until the connection breaks; the connection holds the task (<see cref="DeviceConnection.Watch"/>).</summary>
    public Task Start() => Task.Run(RunAsync);

    private async Task RunAsync()
    {
        var time = options.TimeProvider;
        var keepAlive = options.KeepAliveInterval;
        var dead = options.DeadConnectionTimeout;
        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (keepAlive > TimeSpan.Zero ? Math.Min(keepAlive.Ticks, dead.Ticks) : dead.Ticks) / 4));
        var closing = connection.Closing;
        using var ticks = new LivenessTicks();
        ticks.Timer = time.CreateTimer(LivenessTicks.Fire, ticks, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ticks.CloseWith(closing);
        while (!closing.IsCancellationRequested)
        {
            if (!await ticks.NextAsync(tick).ConfigureAwait(false))
            {
                return;
            }

            var silence = time.GetElapsedTime(lastHeard());
            if (silence >= dead)
            {
                Log.LinkDead(logger, endPoint, silence);
                connection.Break(DeviceErrors.LinkDead(endPoint, silence));
                return;
            }

            var idle = TimeSpan.FromTicks(Math.Min(silence.Ticks, time.GetElapsedTime(connection.LastSent).Ticks));
            if (keepAlive > TimeSpan.Zero && idle >= keepAlive && connection.AllowCommands)
            {
                _ = KeepAliveAsync();
            }
        }
    }

    private async Task KeepAliveAsync()
    {
        Log.KeepAliveSent(logger, endPoint);
        try
        {
            await sendKeepAlive(connection.Closing).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ShureDeviceException or OperationCanceledException or ObjectDisposedException)
        {
            Log.KeepAliveFailed(logger, endPoint, ex);
        }
    }
}
