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
}
