using System;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Cli;

/// <summary>Ctrl+C on <c>shure meter</c> (SIGINT to the child process) stops the device's metering before exit.</summary>
[CancelAfter(30_000)]
[Platform("Linux,MacOsX")] // reason: SIGINT is sent with kill(2)
public class MeterInterruptTests
{
    [Test]
    public async Task Sigint_SetsTheMeterRateBackToZero_AndExitsCleanly()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { Signal = SignalModel.Constant(-18) });
        await using var listener = SimulatorTcpListener.Start(sim);
        await using var shure = ShureProcess.Start("meter", "127.0.0.1:" + listener.LocalEndPoint.Port, "--rate", "100");

        await shure.ReadUntilAsync(line => line.EndsWith("dBFS", StringComparison.Ordinal));
        Assert.That(sim.MeterRate, Is.EqualTo(100), "metering while the tool runs");

        var code = await shure.InterruptAndWaitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, shure.StandardError);
            Assert.That(sim.MeterRate, Is.Zero, "the tool turned metering off on Ctrl+C");
            Assert.That(sim.ReceivedFrames.Last(f => f.Contains("METER_RATE", StringComparison.Ordinal)), Does.StartWith("< SET METER_RATE 0"));
        });
    }
}
