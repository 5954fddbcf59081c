using Microsoft.Extensions.Time.Testing;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ShureDrivers.Hosting;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Hosting;

/// <summary>ShureDrivers.Hosting in a generic host: devices connected in the background, health checks, validation, telemetry.</summary>
[CancelAfter(60_000)]
[NonParallelizable] // reason: the OpenTelemetry listeners see every ShureDrivers meter and span in the process
public class HostingTests
{
    [Test]
    public async Task ADeviceDownAtStart_TheHostBoots_ReportsItUnhealthy_ConnectsWhenItComesUp_ThenHealthy()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions());
        var connector = new SwitchableConnector(new InMemoryDeviceConnector(sim));
        var time = new TestClock();
        using var waits = DeviceWaits.For(time, sim, skipLivenessTicks: true);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddShureDrivers(o =>
        {
            o.Devices["rack"] = new ShureDeviceOptions { Host = "rack-1" };
            o.UnhealthyAfter = TimeSpan.FromSeconds(30);
            o.ConnectorFor = _ => connector;
        }, "rack");
        builder.Services.AddHealthChecks().AddShureDrivers();
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(TestTimeouts.Signal); // boots although the device is down
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var device = host.Services.GetRequiredKeyedService<Ani4OutDevice>("rack");
        Assert.That(device, Is.SameAs(host.Services.GetRequiredService<IShureDeviceRegistry>().GetDevice("rack")));
        Assert.That(device.Session.State, Is.EqualTo(ConnectionState.Connecting));

        var report = await health.CheckHealthAsync();
        Assert.That(report.Entries["shure:rack"].Status, Is.EqualTo(HealthStatus.Degraded), report.Entries["shure:rack"].Description);

        time.Advance(TimeSpan.FromSeconds(31));
        report = await health.CheckHealthAsync();
        Assert.That(report.Entries["shure:rack"].Status, Is.EqualTo(HealthStatus.Unhealthy), "down longer than UnhealthyAfter");
        Assert.That(report.Entries["shure:rack"].Description, Does.Contain("connecting"));

        connector.Up = true; // the simulator comes up
        // Not AnythingButDeviceWaits: the liveness tick is always due, and would spend the whole limit in the
        // moments the connect and resync take in real time (seen: state Synchronizing when the limit ran out).
        await time.RunUntilAsync(() => device.Session.State == ConnectionState.Connected && !device.IsStale, TimeSpan.FromMinutes(2), waits.Choose, "the connect once the device is up");
        report = await health.CheckHealthAsync();
        Assert.That(report.Entries["shure:rack"].Status, Is.EqualTo(HealthStatus.Healthy), report.Entries["shure:rack"].Description);
        Assert.That(report.Entries["shure:rack"].Tags, Does.Contain("shure"));

        await host.StopAsync();
        Assert.That(device.Session.State, Is.EqualTo(ConnectionState.Closed), "disposed on shutdown");
    }

    [Test]
    public async Task Configuration_IsBoundFromTheShureSection_AndDevicesResolveByName()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions());
        await using var listener = SimulatorTcpListener.Start(sim);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shure:Devices:Boardroom:Host"] = "127.0.0.1",
            ["Shure:Devices:Boardroom:Port"] = listener.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Shure:UnhealthyAfter"] = "00:00:10",
        });
        builder.Services.AddShureDrivers(builder.Configuration.GetSection("Shure"));
        builder.Services.AddHealthChecks().AddShureDrivers(aggregate: true);
        using var host = builder.Build();
        await host.StartAsync();

        var device = host.Services.GetRequiredKeyedService<Ani4OutDevice>("Boardroom");
        await Wait.UntilAsync(() => device.Session.State == ConnectionState.Connected && !device.IsStale, "the device to connect");
        Assert.That(await device.Output(2).SetGainAsync(Gain.FromDb(-4)), Is.EqualTo(Gain.FromDb(-4)));
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.That(report.Entries.Keys, Is.EqualTo(new[] { "shure" }));
        Assert.That(report.Status, Is.EqualTo(HealthStatus.Healthy));
        await host.StopAsync();
    }

    [Test]
    public void InvalidConfiguration_FailsTheStart_NamingEveryProblem()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shure:Devices:a:Host"] = "10.0.0.1",
            ["Shure:Devices:a:Mdns"] = "ANI4OUT-010203",
            ["Shure:Devices:b:Mac"] = "00-0E-DD",
            ["Shure:Devices:c:Dante"] = "not a name!",
            ["Shure:Devices:d:Port"] = "70000",
            ["Shure:Devices:e:Dante"] = "Stage-Left-ANI",
        });
        builder.Services.AddShureDrivers(builder.Configuration.GetSection("Shure"));
        using var host = builder.Build();

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(ex!.Failures, Has.Some.Contains("Shure:Devices:a needs exactly one of Host, Mdns, Mac or Dante (it has 2)"));
        Assert.That(ex.Failures, Has.Some.Contains("Shure:Devices:b:Mac '00-0E-DD' is not a MAC address"));
        Assert.That(ex.Failures, Has.Some.Contains("Shure:Devices:c:Dante 'not a name!' is neither an IPv4 address nor a Dante device name"));
        Assert.That(ex.Failures, Has.Some.Contains("Shure:Devices:d needs exactly one"));
        Assert.That(ex.Failures, Has.Some.Contains("Shure:Devices:d:Port 70000 is outside 1-65535"));
        Assert.That(ex.Failures, Has.None.Contains("Shure:Devices:e"), "a Dante device name is accepted");

        // Room files say the same, from the same rule (DeviceLocator.Problem).
        var room = Assert.Throws<ShureDrivers.Rooms.RoomConfigurationException>(() => ShureDrivers.Rooms.RoomConfiguration.Parse(
            """{ "devices": [ { "name": "b", "find": { "mac": "00-0E-DD" } }, { "name": "c", "find": { "dante": "not a name!" } }, { "name": "e", "find": { "dante": "Stage-Left-ANI" } } ] }"""));
        Assert.That(room!.Problems.Select(p => p.Message), Is.EqualTo(new[]
        {
            ex.Failures.Single(f => f.StartsWith("Shure:Devices:b:Mac ", StringComparison.Ordinal))["Shure:Devices:b:Mac ".Length..],
            ex.Failures.Single(f => f.StartsWith("Shure:Devices:c:Dante ", StringComparison.Ordinal))["Shure:Devices:c:Dante ".Length..],
        }));
    }

    [Test]
    public async Task Telemetry_ACommandsSpanAndItsDurationInSeconds_CarryTheDeviceTag()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource("ShureDrivers").AddInMemoryExporter(spans).Build();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter("ShureDrivers").AddInMemoryExporter(metrics).Build();
        using var sim = new Ani4OutSimulator(new SimulatorOptions());
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddShureDrivers(o =>
        {
            o.Devices["lectern"] = new ShureDeviceOptions { Host = "lectern-1" };
            o.ConnectorFor = _ => new InMemoryDeviceConnector(sim);
        }, "lectern");
        using var host = builder.Build();
        await host.StartAsync();
        var device = host.Services.GetRequiredKeyedService<Ani4OutDevice>("lectern");
        await Wait.UntilAsync(() => device.Session.State == ConnectionState.Connected && !device.IsStale, "the device to connect");

        await device.Output(1).SetMuteAsync(true);
        await host.StopAsync();
        tracing!.ForceFlush();
        meters!.ForceFlush();

        var set = spans.Last(s => s.OperationName == "shure.command" && (string?)s.GetTagItem("shure.command.name") == "AUDIO_MUTE");
        Assert.That(set.GetTagItem("shure.device"), Is.EqualTo("lectern"));
        Assert.That(set.GetTagItem("shure.model"), Is.EqualTo("ANI4OUT"));
        Assert.That(set.GetTagItem("shure.result"), Is.EqualTo("ok"));
        Assert.That(spans.Any(s => s.OperationName == "shure.resync" && (string?)s.GetTagItem("shure.device") == "lectern"), "a span per resync");

        var duration = metrics.Single(m => m.Name == "shure.command.duration");
        Assert.That(duration.Unit, Is.EqualTo("s"));
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in duration.GetMetricPoints())
        {
            points.Add(point);
        }

        var lectern = points.Where(p => Tags(p).TryGetValue("shure.device", out var d) && (string?)d == "lectern").ToList();
        Assert.That(lectern, Is.Not.Empty, "the device tag");
        Assert.That(lectern.Sum(p => p.GetHistogramCount()), Is.GreaterThanOrEqualTo(1));
        Assert.That(lectern.Max(p => p.GetHistogramSum() / Math.Max(1, p.GetHistogramCount())), Is.LessThan(5), "seconds, not milliseconds");
    }

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }
}
