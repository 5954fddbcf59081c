using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;
using static ShureDrivers.Tests.Support.InProcessShure;

namespace ShureDrivers.Tests.Cli;

/// <summary>The tool against a device that answers nothing, and against another model: bounded, with their own exit codes.</summary>
[Category("Loopback")]
[CancelAfter(60_000)]
[Parallelizable(ParallelScope.Children)] // reason: the silent-device test waits out real timeouts; the tests share nothing
public class FirstContactCliTests
{
    [Test]
    public async Task Status_OfADeviceThatAnswersNothing_ExitsThree_InUnder15Seconds_WithDefaultSettings()
    {
        await using var device = LoopbackDevice.Start();
        device.Simulator.Faults.Silent = true;
        var clock = Stopwatch.StartNew();

        var (code, _, error) = await RunAsync("status", device.Host);

        Assert.That(code, Is.EqualTo(3), error);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "was 100 s: every value waited its own 5 s");
        Assert.That(error, Does.Contain("accepts connections but answers no command strings"));
    }

    [Test]
    public async Task Status_OfAnotherModel_ExitsSix_NamingIt()
    {
        await using var device = LoopbackDevice.Start(new SimulatorOptions { ReportedModel = "P300" });

        var (code, output, error) = await RunAsync("status", device.Host, "--json");

        Assert.That(code, Is.EqualTo(6), "not 3: the device was reached and answered");
        Assert.That(output, Is.Empty, "errors never go to stdout");
        Assert.That(error, Does.Contain("P300"));
    }

    [Test]
    public async Task Apply_ToAnotherModel_ReportsWrongModel_AndExitsSix()
    {
        await using var device = LoopbackDevice.Start(new SimulatorOptions { ReportedModel = "P300" });
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "room.json");
        await File.WriteAllTextAsync(file, $$"""{ "devices": [ { "name": "Lectern", "find": { "host": "{{device.Host}}" }, "outputs": { "1": { "muted": true } } } ] }""");

        var (code, json, _) = await RunAsync("apply", file, "--json");

        Assert.That(code, Is.EqualTo(6));
        var report = JsonDocument.Parse(json).RootElement.GetProperty("devices").EnumerateArray().Single();
        Assert.That(report.GetProperty("status").GetString(), Is.EqualTo("wrong-model"));
        Assert.That(report.GetProperty("error").GetString(), Does.Contain("P300"));
        Assert.That(device.Simulator.ReceivedFrames.Where(f => f.Contains("SET", StringComparison.Ordinal) && !f.Contains("PRESET", StringComparison.Ordinal)), Is.Empty, "nothing was set on it");
    }
}
