// ControlProgram: a .NET Generic Host worker that keeps ANI4OUTs connected (DI, ILogger, options from
// appsettings.json), logs every change they report, and rides through reboots. With no host configured it
// simulates a device in-process and reboots it after a few seconds to show the reconnect and resync.
// Run: dotnet run --project examples/ControlProgram [-- --Shure:Devices:0:Host=192.168.1.50] [--Shure:RunForSeconds=10]
using System;
using ControlProgram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Content root is the output folder, so appsettings.json is found whatever the working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.Configure<ShureOptions>(builder.Configuration.GetSection("Shure"));
builder.Services.AddSingleton<DeviceWorker>();
builder.Services.AddHostedService(services => services.GetRequiredService<DeviceWorker>());
using var host = builder.Build();
var worker = host.Services.GetRequiredService<DeviceWorker>();
await host.RunAsync();

// When a reboot was simulated, success means the program picked up the value changed before it.
return worker.RebootsSimulated > 0 && worker.Recoveries == 0 ? 1 : 0;
