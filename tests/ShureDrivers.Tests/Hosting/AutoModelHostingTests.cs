using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using ShureDrivers.Hosting;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Hosting;

/// <summary>
/// <c>Model: AUTO</c>: an entry opens as whichever model answers, once it has answered; until then asking for it says
/// why it has no object, and its health check says it is identifying.
/// </summary>
[CancelAfter(30_000)]
public class AutoModelHostingTests
{
    [Test]
    public async Task AnAutoEntry_DownAtStart_OpensAsTheModelThatAnswers_OnceItAnswers()
    {
        using var input = new Ani4OutSimulator(new SimulatorOptions { Family = SimulatedFamily.Ani4In });
        using var output = new Ani4OutSimulator(new SimulatorOptions());
        var lectern = new SwitchableConnector(input.CreateConnector());
        var time = new TestClock();
        using var logs = new TestLogs();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(logs.Factory);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddShureDrivers(
            o =>
            {
                o.Devices["Lectern"] = new ShureDeviceOptions { Host = "lectern.test", Model = "auto" };
                o.Devices["Speakers"] = new ShureDeviceOptions { Host = "speakers.test", Model = "AUTO" };
                o.UnhealthyAfter = TimeSpan.FromSeconds(30);
                o.ConnectorFor = name => name == "Lectern" ? lectern : output.CreateConnector();
            },
            "Lectern",
            "Speakers");
        builder.Services.AddHealthChecks().AddShureDrivers();
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(TestTimeouts.Signal);
        var registry = host.Services.GetRequiredService<IShureDeviceRegistry>();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        // The one that is up says what it is at once; the other has no object yet, and says why.
        await Wait.UntilAsync(() => registry.AllDevices.ContainsKey("Speakers"), "the ANI4OUT identified");
        Assert.That(registry.GetShureDevice("Speakers"), Is.InstanceOf<Ani4OutDevice>());
        var unknown = Assert.Throws<InvalidOperationException>(() => registry.GetShureDevice("Lectern"));
        Assert.That(unknown!.Message, Does.Contain("Model: AUTO").And.Contain("has not said what it is"));
        Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredKeyedService<ShureDevice>("Lectern"));
        await Wait.UntilAsync(() => lectern.Attempts >= 1, "the first attempt");
        var report = await health.CheckHealthAsync();
        Assert.That(report.Entries["shure:Lectern"].Status, Is.EqualTo(HealthStatus.Degraded), report.Entries["shure:Lectern"].Description);
        Assert.That(report.Entries["shure:Lectern"].Description, Does.Contain("identifying"));

        // It keeps trying, with the reconnect backoff, and opens as what answers.
        await time.RunUntilAsync(() => lectern.Attempts >= 3, TimeSpan.FromMinutes(1), TimerKinds.AnythingButDeviceWaits, "two more attempts");
        // Once it is up, the next attempt connects: the clock moves to that attempt, and the connect (on the documented
        // profile, which needs no clock) completes in real time.
        lectern.Up = true;
        var before = lectern.Attempts;
        await time.RunUntilAsync(() => lectern.Attempts > before, TimeSpan.FromMinutes(1), TimerKinds.AnythingButDeviceWaits, "the next attempt");
        await Wait.UntilAsync(() => registry.AllDevices.ContainsKey("Lectern"), "the ANI4IN identified");
        var device = host.Services.GetRequiredKeyedService<Ani4InDevice>("Lectern");
        Assert.That(registry.GetShureDevice("Lectern"), Is.SameAs(device));
        Assert.That(device.Model, Is.EqualTo("ANI4IN-XLR"));
        Assert.That(await device.Input(2).SetPhantomPowerAsync(true), Is.True);
        Assert.That(logs.MessagesFor(5006).Single(m => m.StartsWith("Lectern", StringComparison.Ordinal)), Does.Contain("opened as an Ani4InDevice"));
        report = await health.CheckHealthAsync();
        Assert.That(report.Entries["shure:Lectern"].Status, Is.EqualTo(HealthStatus.Healthy), report.Entries["shure:Lectern"].Description);

        await host.StopAsync();
        Assert.That(device.Session.State, Is.EqualTo(ConnectionState.Closed), "disposed on shutdown");
    }

    [Test]
    public async Task AnAutoEntry_ThatIsAModelWithoutAnObject_StaysDown_AndStopsAsking()
    {
        using var p300 = new Ani4OutSimulator(new SimulatorOptions { ReportedModel = "P300" });
        var connector = new SwitchableConnector(p300.CreateConnector()) { Up = true };
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddShureDrivers(
            o =>
            {
                o.Devices["Mixer"] = new ShureDeviceOptions { Host = "mixer.test", Model = "AUTO" };
                o.ConnectorFor = _ => connector;
            },
            "Mixer");
        builder.Services.AddHealthChecks().AddShureDrivers();
        using var host = builder.Build();
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        HealthReport report;
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        do
        {
            report = await health.CheckHealthAsync();
        }
        while (report.Entries["shure:Mixer"].Status != HealthStatus.Unhealthy && DateTime.UtcNow < deadline);

        Assert.That(report.Entries["shure:Mixer"].Status, Is.EqualTo(HealthStatus.Unhealthy), "the refusal");
        Assert.That(report.Entries["shure:Mixer"].Description, Does.Contain("P300"));
        Assert.That(connector.Attempts, Is.EqualTo(1), "a model without an object is final: no more attempts");
        Assert.That(host.Services.GetRequiredService<IShureDeviceRegistry>().AllDevices, Is.Empty);
        await host.StopAsync();
    }
}
