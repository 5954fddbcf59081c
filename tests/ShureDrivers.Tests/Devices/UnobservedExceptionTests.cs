using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Devices;

/// <summary>
/// Many concurrent commands through repeated link drops must leave no faulted task unobserved: on .NET Framework
/// hosts configured with ThrowUnobservedTaskExceptions that would end the process.
/// </summary>
[NonParallelizable] // reason: counts a process-wide event
[CancelAfter(60_000)]
public class UnobservedExceptionTests
{
    [Test]
    public async Task ConcurrentCommandsThroughRepeatedDrops_LeaveNoUnobservedTaskException()
    {
        var unobserved = new List<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
        {
            lock (unobserved)
            {
                unobserved.Add(e.Exception);
            }
        };
        TaskScheduler.UnobservedTaskException += handler;
        try
        {
            await RunDropsAsync();
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= handler;
        }

        Assert.That(unobserved, Is.Empty, string.Join(Environment.NewLine, unobserved.Select(e => e.InnerException?.ToString() ?? e.ToString()).Take(3)));
    }

    private static async Task RunDropsAsync()
    {
        using var sim = new Ani4OutSimulator();
        var options = new DeviceSessionOptions
        {
            Connector = sim.CreateConnector(),
            ReconnectDelay = TimeSpan.FromMilliseconds(5),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(20),
            CommandTimeout = TimeSpan.FromSeconds(2),
        };
        await using var device = await Ani4OutDevice.ConnectAsync("ani4out.test", options);
        var random = new Random(7);
        for (var round = 0; round < 40; round++)
        {
            var commands = Enumerable.Range(0, 32).Select(async i =>
            {
                try
                {
                    var output = device.Output((i % 4) + 1);
                    switch (i % 4)
                    {
                        case 0:
                            await output.SetGainAsync(Gain.FromTenthsOfDb(-(i + round)));
                            break;
                        case 1:
                            await output.ToggleMuteAsync();
                            break;
                        case 2:
                            await device.RefreshAsync();
                            break;
                        default:
                            await device.Session.QueryAsync(ShureDrivers.Protocol.CommandString.Get("MODEL"));
                            break;
                    }
                }
                catch (ShureDeviceException)
                {
                    // Typed failures are expected while the link drops; only unobserved ones count.
                }
            }).ToList();
            if (random.Next(2) == 0)
            {
                await Task.Yield();
            }

            sim.Faults.DropConnections();
            await Task.WhenAll(commands);
            await Wait.UntilAsync(() => device.Session.State == ConnectionState.Connected && !device.IsStale, "the reconnect");
        }
    }
}
