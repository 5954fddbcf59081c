using Microsoft.Extensions.Time.Testing;
using System;
using System.Threading.Tasks;

namespace ShureDrivers.Tests.Support;

/// <summary>Waits for a condition another thread will make true soon; bounded, never a sleep.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string what = "condition")
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Yield();
        }
    }

    /// <summary>Advances a manual clock in steps until <paramref name="task"/> completes (bounded by <paramref name="limit"/> of clock time).</summary>
    public static async Task<T> AdvanceUntilAsync<T>(FakeTimeProvider time, Task<T> task, TimeSpan step, TimeSpan limit)
    {
        await AdvanceUntilAsync(time, (Task)task, step, limit);
        return await task;
    }

    public static async Task AdvanceUntilAsync(FakeTimeProvider time, Task task, TimeSpan step, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!task.IsCompleted)
        {
            if (advanced >= limit || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Task not done after advancing the clock {advanced}.");
            }

            time.Advance(step);
            advanced += step;

            // Let continuations the clock released run on the thread pool before the next step. This bounds
            // nothing: the loop ends only when the task is done.
            await Task.Delay(1);
        }
    }

    public static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition, TimeSpan step, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!condition())
        {
            if (advanced >= limit || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met after advancing the clock {advanced}.");
            }

            time.Advance(step);
            advanced += step;
            await Task.Delay(1);
        }
    }
}
