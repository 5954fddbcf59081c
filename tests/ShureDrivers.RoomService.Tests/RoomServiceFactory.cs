using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using ShureDrivers.Simulator;

namespace ShureDrivers.RoomService.Tests;

/// <summary>
/// The RoomService example in memory (WebApplicationFactory), configured with two devices of a fleet the test owns on
/// loopback (Boardroom, an ANI4OUT; Lectern, an ANI4IN), short reconnect delays, no console exporter, and an in-memory
/// trace exporter.
/// </summary>
public sealed class RoomServiceFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public RoomServiceFactory(Ani4OutFleet? fleet, Dictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Telemetry:Exporter"] = "none",
            ["Shure:ReconnectDelay"] = "00:00:00.050",
            ["Shure:MaxReconnectDelay"] = "00:00:00.200",
        };
        if (fleet is not null)
        {
            _settings["Shure:Devices:Boardroom:Host"] = fleet.Devices[0].ControlEndPoint.Address.ToString();
            _settings["Shure:Devices:Boardroom:Port"] = fleet.Devices[0].ControlEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _settings["Shure:Devices:Lectern:Host"] = fleet.Devices[1].ControlEndPoint.Address.ToString();
            _settings["Shure:Devices:Lectern:Port"] = fleet.Devices[1].ControlEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _settings["Shure:Devices:Lectern:Model"] = "ANI4IN";
        }

        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    /// <summary>Spans the service exported.</summary>
    public List<Activity> Spans { get; } = [];

    /// <summary>Two devices on loopback with free ports: an ANI4OUT, then an ANI4IN.</summary>
    public static Ani4OutFleet StartFleet() => Ani4OutFleet.Start(new FleetOptions
    {
        DeviceCount = 2,
        Families = [SimulatedFamily.Ani4Out, SimulatedFamily.Ani4In],
        UsePorts = true,
        BindAddress = IPAddress.Loopback,
        Seed = 5,
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
    }
}
