// A room-control web service as integrators build them: a touch panel, a scheduler or a building system calls HTTP,
// and the service drives the Shure devices through ShureDrivers.Hosting.
// Run: dotnet run --project examples/RoomService [-- --Shure:Devices:Boardroom:Host=192.168.1.50]
// With no device configured it plays two simulated ones on loopback: Boardroom (an ANI4OUT) and Lectern (an ANI4IN).
// Try: curl localhost:5080/devices; curl -X PUT localhost:5080/devices/Boardroom/outputs/2/gain -H 'Content-Type: application/json' -d '{"db": -12}'
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RoomService;
using ShureDrivers.Hosting;

var builder = WebApplication.CreateBuilder(args);

// The devices: configured under "Shure", or the simulated room when none is (decided when the options are first
// read, so configuration added by a test host counts too).
builder.Services.AddShureDrivers(builder.Configuration.GetSection("Shure"));
builder.Services.AddSingleton<SimulatedRoom>();
builder.Services.AddSingleton<MeterStreams>();
builder.Services.AddOptions<ShureDriversOptions>().PostConfigure<SimulatedRoom>((options, room) => room.FillIfEmpty(options));
builder.Services.AddHealthChecks().AddShureDrivers();
builder.Services.AddProblemDetails();

// Telemetry the usual way: the library's meter and activity source beside ASP.NET Core's; the console exporter
// unless Telemetry:Exporter says "none".
builder.Services.AddOpenTelemetry()
    .WithMetrics(metrics => metrics.AddMeter("ShureDrivers").AddAspNetCoreInstrumentation())
    .WithTracing(tracing => tracing.AddSource("ShureDrivers").AddAspNetCoreInstrumentation());
if (!string.Equals(builder.Configuration["Telemetry:Exporter"], "none", StringComparison.OrdinalIgnoreCase))
{
    builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddConsoleExporter());
    builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddConsoleExporter());
}

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealthChecks("/health", new() { ResponseWriter = HealthJson.WriteAsync });
app.MapRoomEndpoints();
app.Run();

/// <summary>The entry point, public for the tests' WebApplicationFactory.</summary>
public partial class Program;
