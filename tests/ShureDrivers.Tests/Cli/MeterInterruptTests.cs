using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM to a child <c>shure</c>: the running command undoes what it started, then the tool
/// exits 130 or 143.
/// </summary>
[CancelAfter(30_000)]
[Platform("Linux,MacOsX")] // reason: signals are sent with kill(2)
public class MeterInterruptTests
{
    [TestCase(2, 130, TestName = "Sigint_SetsTheMeterRateBackToZero_AndExits130")]
    [TestCase(15, 143, TestName = "Sigterm_SetsTheMeterRateBackToZero_AndExits143")]
    public async Task Signal_StopsMetering(int signal, int expectedCode)
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { Signal = SignalModel.Constant(-18) });
        await using var listener = SimulatorTcpListener.Start(sim);
        await using var shure = ShureProcess.Start("meter", "127.0.0.1:" + listener.LocalEndPoint.Port, "--rate", "100");

        await shure.ReadUntilAsync(line => line.EndsWith("dBFS", StringComparison.Ordinal));
        Assert.That(sim.MeterRate, Is.EqualTo(100), "metering while the tool runs");

        var code = signal == 2 ? await shure.InterruptAndWaitAsync() : await shure.TerminateAndWaitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(expectedCode), shure.StandardError);
            Assert.That(sim.MeterRate, Is.Zero, "the tool turned metering off before exiting");
            Assert.That(sim.ReceivedFrames.Last(f => f.Contains("METER_RATE", StringComparison.Ordinal)), Does.StartWith("< SET METER_RATE 0"));
        });
    }

    [Test]
    public async Task Sigint_DuringProbeWrites_PutsBackWhatItChanged_AndExits130()
    {
        // Metering is on (a value --writes changed) when the signal comes; the slow replies keep it on long enough.
        using var sim = new Ani4OutSimulator(new SimulatorOptions());
        sim.SetGain(1, Gain.FromDb(-12));
        await using var listener = SimulatorTcpListener.Start(sim);
        var metering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sim.FrameReceived += (_, frame) =>
        {
            if (frame == "< SET METER_RATE 00100 >")
            {
                sim.Faults.ReplyDelay = TimeSpan.FromMilliseconds(300);
                metering.TrySetResult();
            }
        };
        await using var shure = ShureProcess.Start("probe", "127.0.0.1:" + listener.LocalEndPoint.Port, "--writes", "--no-mdns", "--timeout", "2");

        await metering.Task.WaitAsync(TestTimeouts.Signal);
        var code = await shure.InterruptAndWaitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(130), shure.StandardError);
            Assert.That(sim.MeterRate, Is.Zero, "metering turned off again before exiting");
            Assert.That(sim.GetGain(1), Is.EqualTo(Gain.FromDb(-12)));
            Assert.That(sim.ReceivedFrames, Has.Some.EqualTo("< SET METER_RATE 00000 >"));
        });
    }

    [Test]
    public async Task Sigint_DuringApply_ReportsWhatFinished_AndTheRestAsCancelled()
    {
        // One device answers at once; the other is silent, so apply is still waiting on it when the signal comes.
        using var quick = new Ani4OutSimulator(new SimulatorOptions());
        using var silent = new Ani4OutSimulator(new SimulatorOptions());
        silent.Faults.Silent = true;
        await using var quickListener = SimulatorTcpListener.Start(quick);
        await using var silentListener = SimulatorTcpListener.Start(silent);
        var file = Path.Combine(Path.GetTempPath(), $"room-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, $$"""
            { "devices": [
              { "name": "Quick", "find": { "host": "127.0.0.1:{{quickListener.LocalEndPoint.Port}}" }, "outputs": { "1": { "gainDb": -4 } } },
              { "name": "Stuck", "find": { "host": "127.0.0.1:{{silentListener.LocalEndPoint.Port}}" }, "outputs": { "1": { "gainDb": -4 } } } ] }
            """);
        try
        {
            await using var shure = ShureProcess.Start("apply", file, "--timeout", "20", "--json");
            await Wait.UntilAsync(() => shure.StandardError.Contains("Quick:", StringComparison.Ordinal), "the quick device to finish");
            var code = await shure.InterruptAndWaitAsync();
            var output = await shure.ReadToEndAsync();

            Assert.That(code, Is.EqualTo(130), shure.StandardError);
            var devices = System.Text.Json.JsonDocument.Parse(output).RootElement;
            Assert.That(devices.GetProperty("cancelled").GetBoolean(), Is.True);
            var statuses = devices.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("status").GetString());
            Assert.That(statuses, Is.EqualTo(new System.Collections.Generic.Dictionary<string, string?> { ["Quick"] = "ok", ["Stuck"] = "cancelled" }));
            Assert.That(quick.GetGain(1).Decibels, Is.EqualTo(-4));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
