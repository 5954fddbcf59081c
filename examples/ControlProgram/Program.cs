// ControlProgram: ANI4OUTs in a .NET generic host through ShureDrivers.Hosting. Devices come from appsettings.json
// ("Shure" section), connect in the background (even if down at start), log every change and ride through
// reboots; their health is logged every few seconds. With no device configured it simulates one in-process and
// reboots it, to show the program picking up a value changed meanwhile.
// Run: dotnet run --project examples/ControlProgram [-- --Shure:Devices:Boardroom:Host=192.168.1.50] [--RunForSeconds=10]
using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShureDrivers;
using ShureDrivers.Hosting;
using ShureDrivers.Simulator;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
using var simulator = builder.Configuration.GetSection("Shure:Devices").GetChildren().Any() ? null : new Ani4OutSimulator(new SimulatorOptions { BootTime = TimeSpan.FromSeconds(1) });
if (simulator is not null)
{
    builder.Configuration["Shure:Devices:Simulated:Host"] = "simulated-ani4out";
}

builder.Services.AddShureDrivers(builder.Configuration.GetSection("Shure"), o => o.ConnectorFor = _ => simulator?.CreateConnector());
builder.Services.AddHealthChecks().AddShureDrivers();
using var host = builder.Build();
await host.StartAsync();
var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ControlProgram");
var health = host.Services.GetRequiredService<HealthCheckService>();
var (recovered, changedBeforeReboot) = (false, Gain.FromDb(-9));
var runFor = builder.Configuration.GetValue("RunForSeconds", 0);
var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping; // Ctrl+C, SIGTERM
for (var tick = 1; !stopping.IsCancellationRequested && (runFor == 0 || tick <= runFor); tick++)
{
    await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
    if (simulator is not null && tick == 3)
    {
        var device = host.Services.GetRequiredKeyedService<Ani4OutDevice>("Simulated");
        device.Synchronized += (_, _) => recovered |= device.Output(1).Gain == changedBeforeReboot;
        simulator.SetGain(1, changedBeforeReboot); // as if someone changed it in the web app first
        log.LogWarning("Rebooting the simulated device to show the program riding through it");
        simulator.Reboot();
    }

    if (tick % 2 == 0)
    {
        var report = await health.CheckHealthAsync();
        log.LogInformation("Health {Status}: {Entries}", report.Status, string.Join("; ", report.Entries.Select(e => $"{e.Key} {e.Value.Status} ({e.Value.Description})")));
    }
}

await host.StopAsync();
return simulator is not null && !recovered ? 1 : 0; // with a simulated reboot, success is the value picked up after it
