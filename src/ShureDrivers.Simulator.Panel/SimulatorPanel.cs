using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Simulator.Panel.Internal;

namespace ShureDrivers.Simulator.Panel;

/// <summary>
/// A live panel of simulated devices in the browser: each device's state, controllers, presets, meters and wire log,
/// updated as the wire changes them, and the controls and faults of the device's own web app. Start it on a fleet
/// with <see cref="FleetPanelExtensions.StartPanelAsync"/> (or on any devices with <see cref="StartAsync"/>), open
/// <see cref="Url"/>, dispose it to stop.
/// </summary>
/// <remarks>
/// It listens on 127.0.0.1 unless told otherwise, serves only requests whose Host header names it, takes changes
/// only from its own page, reads no files (the page is embedded) and keeps each page's queue bounded.
/// </remarks>
public sealed class SimulatorPanel : IAsyncDisposable
{
    /// <summary>The largest request body the panel reads.</summary>
    public const int MaxBodyBytes = 4096;

    private readonly WebApplication _app;
    private readonly IReadOnlyList<PanelDevice> _devices;
    private readonly PanelHub _hub;
    private readonly CancellationTokenSource _stop;
    private readonly Task _pump;
    private int _disposed;

    private SimulatorPanel(WebApplication app, IReadOnlyList<PanelDevice> devices, PanelHub hub, CancellationTokenSource stop, Task pump, Uri url)
    {
        _app = app;
        _devices = devices;
        _hub = hub;
        _stop = stop;
        _pump = pump;
        Url = url;
    }

    /// <summary>Where the page is: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; }

    /// <summary>How many devices the panel shows.</summary>
    public int DeviceCount => _devices.Count;

    /// <summary>Starts a panel showing <paramref name="devices"/> (listed in this order; the page numbers them from 1).</summary>
    /// <exception cref="ArgumentException">No devices, the same simulator twice, an address other than loopback without <see cref="SimulatorPanelOptions.AllowNonLoopback"/>, or an option out of range.</exception>
    /// <exception cref="IOException">The address and port cannot be bound.</exception>
    public static async Task<SimulatorPanel> StartAsync(IEnumerable<SimulatedDevice> devices, SimulatorPanelOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(devices);
        options ??= new SimulatorPanelOptions();
        var list = devices.ToList();
        Validate(list, options);

        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ShureDrivers.Simulator.Panel");
        if (!IPAddress.IsLoopback(options.Address))
        {
            PanelLog.NotLoopback(logger, options.Address.ToString());
        }

        // The empty builder reads no configuration files and no environment; Kestrel's core serves plain HTTP/1.1.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Address, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        var app = builder.Build();

        var start = options.TimeProvider.GetTimestamp();
        var panelDevices = list.Select((d, i) => new PanelDevice(i + 1, d, options.WireLogLength, options.TimeProvider, start)).ToList();
        var hub = new PanelHub();
        var pump = new PanelPump(panelDevices, hub);
        RequestGuard? guard = null;
        app.Use(async (context, next) =>
        {
            AddSecurityHeaders(context.Response);
            if (guard!.Check(context.Request) is { } refusal)
            {
                PanelLog.Refused(logger, context.Request.Method, context.Request.Path.Value ?? "/", refusal.Reason);
                await WriteJsonAsync(context, refusal.Status, DeviceJson.Error(refusal.Reason)).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.UseRouting();
        MapEndpoints(app, panelDevices, hub, pump, options.TimeProvider);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            panelDevices.ForEach(d => d.Dispose());
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).First();
        var host = options.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + options.Address + "]" : options.Address.ToString();
        var url = new Uri("http://" + host + ":" + bound.Port.ToString(CultureInfo.InvariantCulture) + "/");
        guard = new RequestGuard(new[] { "127.0.0.1", "localhost", "::1", options.Address.ToString() }.Concat(options.AllowedHosts), bound.Port);
        var stop = new CancellationTokenSource();
        var pumping = Task.Run(() => pump.RunAsync(options.UpdateInterval, options.TimeProvider, stop.Token), CancellationToken.None);
        PanelLog.Started(logger, url.ToString(), panelDevices.Count);
        return new SimulatorPanel(app, panelDevices, hub, stop, pumping, url);
    }

    /// <summary>Stops serving and closes every open page; the devices keep running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _hub.CloseAll();
        await _pump.ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        foreach (var device in _devices)
        {
            device.Dispose();
        }

        _stop.Dispose();
    }

    private static void Validate(List<SimulatedDevice> devices, SimulatorPanelOptions options)
    {
        if (devices.Count == 0 || devices.Any(d => d is null))
        {
            throw new ArgumentException("The panel needs at least one device, and no null ones.", nameof(devices));
        }

        if (devices.Select(d => d.Simulator).Distinct().Count() != devices.Count)
        {
            throw new ArgumentException("The same simulator is listed twice.", nameof(devices));
        }

        ArgumentNullException.ThrowIfNull(options.Address, "options.Address");
        if (!IPAddress.IsLoopback(options.Address) && !options.AllowNonLoopback)
        {
            throw new ArgumentException($"The panel listens on {options.Address} only with AllowNonLoopback: it has no sign-in, and anyone who reaches it can change and fault the devices.", nameof(options));
        }

        if (options.Port is < 0 or > 65535 || options.UpdateInterval < TimeSpan.FromMilliseconds(100) || options.UpdateInterval > TimeSpan.FromSeconds(10)
            || options.WireLogLength is < 1 or > 1000 || options.TimeProvider is null || options.AllowedHosts.Any(h => string.IsNullOrWhiteSpace(h)))
        {
            throw new ArgumentException("Port must be 0..65535, UpdateInterval 100 ms..10 s, WireLogLength 1..1000, TimeProvider set, and AllowedHosts host names.", nameof(options));
        }
    }

    private static void MapEndpoints(WebApplication app, IReadOnlyList<PanelDevice> devices, PanelHub hub, PanelPump pump, TimeProvider time)
    {
        foreach (var path in new[] { "/", "/panel.js", "/panel.css" })
        {
            app.MapGet(path, context =>
            {
                PanelAssets.TryGet(path, out var body, out var contentType);
                context.Response.ContentType = contentType;
                return context.Response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
            });
        }

        app.MapGet("/api/devices", context => WriteJsonAsync(context, StatusCodes.Status200OK, DeviceJson.List(devices, withWire: false)));
        app.MapGet("/api/devices/{id}", context => RespondAsync(context, devices, (device, _) => { }));
        app.MapGet("/api/events", context => StreamEventsAsync(context, devices, hub, pump));
        app.MapPost("/api/devices/{id}/channels/{channel}", context => RespondAsync(context, devices, (device, body) =>
            PanelActions.ChangeChannel(device, RouteNumber(context, "channel", "channel"), body!.Value), readsBody: true));
        app.MapPost("/api/devices/{id}/preset", context => RespondAsync(context, devices, (device, body) => PanelActions.RecallPreset(device, body!.Value), readsBody: true));
        app.MapPost("/api/devices/{id}/faults", context => RespondAsync(context, devices, (device, body) => PanelActions.InjectFault(device, body!.Value, time), readsBody: true));
        app.MapFallback(context => WriteJsonAsync(context, StatusCodes.Status404NotFound, DeviceJson.Error($"Nothing at {context.Request.Method} {context.Request.Path}.")));
    }

    // Finds the device, reads and parses the body (bounded), applies the action and answers with the device's state.
    private static async Task RespondAsync(HttpContext context, IReadOnlyList<PanelDevice> devices, Action<PanelDevice, JsonElement?> action, bool readsBody = false)
    {
        try
        {
            var id = RouteNumber(context, "id", "device");
            if (id < 1 || id > devices.Count)
            {
                throw new PanelInputException($"There is no device {id}: devices are 1..{devices.Count}.");
            }

            var device = devices[id - 1];
            if (readsBody)
            {
                using var body = await ReadJsonAsync(context).ConfigureAwait(false);
                action(device, body.RootElement);
            }
            else
            {
                action(device, null);
            }

            await WriteJsonAsync(context, StatusCodes.Status200OK, DeviceJson.Snapshot(device)).ConfigureAwait(false);
        }
        catch (PanelInputException ex)
        {
            await WriteJsonAsync(context, ex.Status, DeviceJson.Error(ex.Message)).ConfigureAwait(false);
        }
    }

    private static int RouteNumber(HttpContext context, string key, string what)
    {
        var text = context.Request.RouteValues[key] as string;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new PanelInputException($"'{text}' is not a {what} number.");
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new PanelInputException("Send the body as application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        // Kestrel refuses a longer body (MaxRequestBodySize); this bound holds wherever the panel runs.
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        try
        {
            while (length < buffer.Length && (read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException ex)
        {
            throw new PanelInputException(ex.Message, ex.StatusCode);
        }

        if (length > MaxBodyBytes)
        {
            throw new PanelInputException($"The body is longer than {MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        try
        {
            return JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new PanelInputException("The body is not valid JSON: " + ex.Message);
        }
    }

    private static async Task StreamEventsAsync(HttpContext context, IReadOnlyList<PanelDevice> devices, PanelHub hub, PanelPump pump)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        int id;
        PanelClient client;
        lock (pump.Gate)
        {
            (id, client) = hub.Add();
            client.Send("retry: 1000\n\n" + PanelHub.Format("hello", DeviceJson.List(devices, withWire: true)));
        }

        try
        {
            var reader = client.Events;
            while (await reader.WaitToReadAsync(context.RequestAborted).ConfigureAwait(false))
            {
                while (reader.TryRead(out var text))
                {
                    await context.Response.WriteAsync(text, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
                }

                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The page was closed.
        }
        finally
        {
            hub.Remove(id);
        }
    }

    private static Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(json, Encoding.UTF8, context.RequestAborted);
    }

    private static void AddSecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers["Content-Security-Policy"] = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cache-Control"] = "no-store";
    }
}
