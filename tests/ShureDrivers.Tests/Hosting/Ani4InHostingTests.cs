using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using ShureDrivers.Hosting;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Hosting;

/// <summary>A service with an ANI4IN beside an ANI4OUT: each as its own type under its name, both in the health checks.</summary>
[CancelAfter(30_000)]
public class Ani4InHostingTests
{
    [Test]
    public async Task BothModels_ResolveByName_AsTheirOwnTypes_AndReportHealthy()
    {
        using var output = new Ani4OutSimulator(new SimulatorOptions());
        using var input = new Ani4OutSimulator(new SimulatorOptions { Family = SimulatedFamily.Ani4In });
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shure:Devices:Speakers:Host"] = "out.test",
            ["Shure:Devices:Lectern:Host"] = "in.test",
            ["Shure:Devices:Lectern:Model"] = "ANI4IN",
        });
        builder.Services.AddShureDrivers(builder.Configuration.GetSection("Shure"), o => o.ConnectorFor = name => name == "Lectern" ? input.CreateConnector() : output.CreateConnector());
        builder.Services.AddHealthChecks().AddShureDrivers();
        using var host = builder.Build();
        await host.StartAsync();

        var lectern = host.Services.GetRequiredKeyedService<Ani4InDevice>("Lectern");
        var speakers = host.Services.GetRequiredKeyedService<Ani4OutDevice>("Speakers");
        Assert.That(host.Services.GetRequiredKeyedService<ShureDevice>("Lectern"), Is.SameAs(lectern));
        await Wait.UntilAsync(() => !lectern.IsStale && !speakers.IsStale, "both devices to connect");
        Assert.That(await lectern.Input(1).SetPhantomPowerAsync(true), Is.True);

        var registry = host.Services.GetRequiredService<IShureDeviceRegistry>();
        Assert.That(registry.AllDevices.Keys, Is.EquivalentTo(new[] { "Speakers", "Lectern" }));
        Assert.That(registry.Devices.Keys, Is.EquivalentTo(new[] { "Speakers" }), "Devices keeps its type: the ANI4OUTs");
        var wrongType = Assert.Throws<InvalidOperationException>(() => registry.GetDevice("Lectern"));
        Assert.That(wrongType!.Message, Does.Contain("ANI4IN").And.Contain("GetShureDevice"));
        Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredKeyedService<Ani4InDevice>("Speakers"));

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.That(report.Entries["shure:Lectern"].Status, Is.EqualTo(HealthStatus.Healthy), report.Entries["shure:Lectern"].Description);
        await host.StopAsync();
    }

    [Test]
    public async Task ADeviceThatAnswersAsTheOtherModel_StaysDown_WithTheMismatch()
    {
        using var output = new Ani4OutSimulator(new SimulatorOptions());
        using var logs = new TestLogs();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(logs.Factory);
        builder.Services.AddShureDrivers(o =>
        {
            o.Devices["Lectern"] = new ShureDeviceOptions { Host = "out.test", Model = "ANI4IN" };
            o.ConnectorFor = _ => output.CreateConnector();
        }, "Lectern");
        using var host = builder.Build();
        await host.StartAsync();

        var device = host.Services.GetRequiredService<IShureDeviceRegistry>().GetShureDevice("Lectern");
        await Wait.UntilAsync(() => device.Session.LastFailure is DeviceModelMismatchException, "the mismatch");
        Assert.That(device.IsStale, Is.True);
        await Wait.UntilAsync(() => logs.MessagesFor(5004).Any(), "the hint");
        Assert.That(logs.MessagesFor(5004).First(), Does.Contain("Set Shure:Devices:Lectern:Model to ANI4OUT"));
        await host.StopAsync();
    }

    [Test]
    public void AnUnknownModel_FailsTheStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shure:Devices:x:Host"] = "10.0.0.1",
            ["Shure:Devices:x:Model"] = "P300",
        });
        builder.Services.AddShureDrivers(builder.Configuration.GetSection("Shure"));
        using var host = builder.Build();
        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(ex!.Failures, Has.Some.Contains("Shure:Devices:x:Model must be ANI4OUT, ANI4IN or AUTO, not 'P300'"));
    }
}
