using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ShureDrivers;
using ShureDrivers.Discovery;
using ShureDrivers.Hosting;
using ShureDrivers.Protocol;
using ShureDrivers.Rooms;

namespace RoomService;

/// <summary>The HTTP surface: devices, their channels and presets, room files, meters.</summary>
public static class RoomEndpoints
{
    public static void MapRoomEndpoints(this WebApplication app)
    {
        app.MapGet("/devices", ListAsync);
        app.MapGet("/devices/{name}", (string name, IShureDeviceRegistry registry, IOptions<ShureDriversOptions> options) =>
            DeviceCalls.RunAsync(() => Task.FromResult(Results.Ok(DeviceStatusJson.For(name, DeviceCalls.Find(registry, options, name))))));
        app.MapPut("/devices/{name}/{kind:regex(^(outputs|inputs)$)}/{n:int}/gain", SetGainAsync);
        app.MapPut("/devices/{name}/{kind:regex(^(outputs|inputs)$)}/{n:int}/mute", SetMuteAsync);
        app.MapPost("/devices/{name}/preset/{n:int}", RecallPresetAsync);
        app.MapGet("/devices/{name}/meters", StreamMetersAsync);
        app.MapPost("/rooms/apply", ApplyRoomAsync);
    }

    // Each configured device: its model, connection state and health.
    private static async Task<IResult> ListAsync(IShureDeviceRegistry registry, IOptions<ShureDriversOptions> options, HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        return Results.Ok(options.Value.Devices.Keys.Order(StringComparer.OrdinalIgnoreCase).Select(name =>
        {
            var known = registry.AllDevices.TryGetValue(name, out var device);
            var entry = report.Entries.TryGetValue("shure:" + name, out var e) ? e : default;
            return new
            {
                name,
                model = known ? device!.Model : null,
                state = known ? device!.Session.State.ToString() : "Identifying",
                health = entry.Status.ToString(),
                healthDescription = entry.Description,
            };
        }));
    }

    // PUT {"db": -12.5}: checked against the gain range before anything is sent.
    private static Task<IResult> SetGainAsync(string name, string kind, int n, HttpRequest request, IShureDeviceRegistry registry, IOptions<ShureDriversOptions> options) => DeviceCalls.RunAsync(async () =>
    {
        var body = await DeviceCalls.ReadObjectAsync(request);
        var db = DeviceCalls.Property(body, "db", JsonValueKind.Number, "a gain in dB, -110.0 to 30.0").GetDouble();
        if (!Gain.TryFromDb(db, out var gain))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Bad input", $"{db.ToString(CultureInfo.InvariantCulture)} dB is outside -110.0 to 30.0 dB.");
        }

        var channel = DeviceCalls.Channel(DeviceCalls.FindConnected(registry, options, name), name, kind, n);
        var set = await channel.SetGainAsync(gain, request.HttpContext.RequestAborted);
        return Results.Ok(new { channel = n, gainDb = set.Decibels });
    });

    // PUT {"muted": true}.
    private static Task<IResult> SetMuteAsync(string name, string kind, int n, HttpRequest request, IShureDeviceRegistry registry, IOptions<ShureDriversOptions> options) => DeviceCalls.RunAsync(async () =>
    {
        var body = await DeviceCalls.ReadObjectAsync(request);
        var muted = DeviceCalls.Property(body, "muted", JsonValueKind.True, "true or false").GetBoolean();
        var channel = DeviceCalls.Channel(DeviceCalls.FindConnected(registry, options, name), name, kind, n);
        var now = await channel.SetMuteAsync(muted, request.HttpContext.RequestAborted);
        return Results.Ok(new { channel = n, muted = now });
    });

    // POST /preset/N: slots 1-10; an empty slot is refused by the device (422).
    private static Task<IResult> RecallPresetAsync(string name, int n, HttpContext context, IShureDeviceRegistry registry, IOptions<ShureDriversOptions> options) => DeviceCalls.RunAsync(async () =>
    {
        if (n is < 1 or > Ani4OutCommandTable.PresetCount)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Bad input", $"Presets are 1-{Ani4OutCommandTable.PresetCount}, not {n}.");
        }

        var device = DeviceCalls.FindConnected(registry, options, name);
        await device.RecallPresetAsync(n, context.RequestAborted);
        return Results.Ok(new { active = device.ActivePreset });
    });

    // Server-sent events: one "meter" event per SAMPLE line, in dBFS, until the client goes; metering stops with it.
    private static async Task StreamMetersAsync(string name, int? rateMs, HttpContext context, IShureDeviceRegistry registry, IOptions<ShureDriversOptions> options, MeterStreams streams)
    {
        var rate = rateMs ?? 100;
        MeterFeed? feed = null;
        ShureDevice? device = null;
        var refused = await DeviceCalls.RunAsync(async () =>
        {
            if (rate is < Ani4OutCommandTable.MeterRateMin or > Ani4OutCommandTable.MeterRateMax)
            {
                throw new ApiProblemException(StatusCodes.Status400BadRequest, "Bad input", $"rateMs must be {Ani4OutCommandTable.MeterRateMin}-{Ani4OutCommandTable.MeterRateMax}.");
            }

            device = DeviceCalls.FindConnected(registry, options, name);
            feed = await streams.OpenAsync(device, rate, context.RequestAborted);
            return Results.Empty;
        });
        if (feed is null || device is null)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        try
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-store";
            try
            {
                await foreach (var reading in feed.WithCancellation(context.RequestAborted))
                {
                    var json = JsonSerializer.Serialize(new { time = reading.Timestamp, dbfs = new[] { reading[1], reading[2], reading[3], reading[4] } });
                    await context.Response.WriteAsync("event: meter\ndata: " + json + "\n\n", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away.
            }
        }
        finally
        {
            await streams.CloseAsync(device, feed);
        }
    }

    // A room file in the body; the report has the fields of 'shure apply --json'. ?dryRun=true compares only.
    private static Task<IResult> ApplyRoomAsync(HttpRequest request, bool? dryRun, SimulatedRoom simulated, ILoggerFactory loggers) => DeviceCalls.RunAsync(async () =>
    {
        RoomConfiguration room;
        try
        {
            room = await RoomConfiguration.LoadAsync(request.Body, request.HttpContext.RequestAborted);
        }
        catch (RoomConfigurationException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a valid room file", detail: ex.Message,
                extensions: new Dictionary<string, object?> { ["problems"] = ex.Problems.Select(p => p.ToString()).ToList() });
        }

        // Playing simulated devices, .local names and MACs are looked for on loopback only.
        var discovery = new DiscoveryOptions { LoopbackOnly = simulated.Fleet is not null, LoggerFactory = loggers };
        var report = await RoomApplier.ApplyAsync(room, new RoomApplyOptions
        {
            DryRun = dryRun == true,
            Discovery = discovery,
            Session = new DeviceSessionOptions { LoggerFactory = loggers, Connector = new TcpDeviceConnector(discovery) },
        }, request.HttpContext.RequestAborted);
        return Results.Ok(new
        {
            dryRun = dryRun == true,
            cancelled = false,
            devices = report.Devices.Select(d => new
            {
                name = d.Name,
                address = Endpoint(d.ResolvedHost).Address,
                port = Endpoint(d.ResolvedHost).Port,
                status = d.Status == RoomDeviceStatus.WrongModel ? "wrong-model" : d.Status.ToString().ToLowerInvariant(),
                error = d.Error,
                settings = d.Settings.Select(s => new { path = s.Path, from = Value(s.From), to = Value(s.To), result = s.Result == RoomSettingResult.WouldChange ? "would change" : s.Result.ToString().ToLowerInvariant(), error = s.Error }),
            }),
        });
    });

    private static (string? Address, int? Port) Endpoint(string? resolved) =>
        resolved is not null && IPEndPoint.TryParse(resolved, out var endpoint) ? (endpoint.Address.ToString(), endpoint.Port) : (resolved, null);

    // Typed as shure apply --json types them: number, boolean or string.
    private static object? Value(string? text) => text switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        _ => text,
    };
}
