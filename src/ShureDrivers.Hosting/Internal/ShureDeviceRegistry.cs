using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ShureDrivers.Discovery;

namespace ShureDrivers.Hosting.Internal;

/// <summary>
/// Owns one device object (<see cref="Ani4OutDevice"/> or <see cref="Ani4InDevice"/>) per configured entry: opened
/// (connecting in the background) when the host starts, disposed when it stops. An entry with <c>Model: AUTO</c> has
/// no object until the device says what it is: it is tried in the background, with the reconnect backoff, and opened
/// as the model that answers. Tracks since when each device is down, for the health checks.
/// </summary>
internal sealed class ShureDeviceRegistry(IOptions<ShureDriversOptions> options, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    : IShureDeviceRegistry, IHostedService, IAsyncDisposable
{
    public const string LogCategory = "ShureDrivers.Hosting";

    private readonly ConcurrentDictionary<string, long> _downSince = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ILogger _log = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LogCategory);
    private readonly ConcurrentDictionary<string, Exception?> _identifying = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _identifiers = [];
    private volatile ConcurrentDictionary<string, ShureDevice>? _devices;

    public IReadOnlyDictionary<string, Ani4OutDevice> Devices =>
        (_devices ?? []).Where(p => p.Value is Ani4OutDevice).ToDictionary(p => p.Key, p => (Ani4OutDevice)p.Value, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, ShureDevice> AllDevices =>
        new Dictionary<string, ShureDevice>(_devices ?? new ConcurrentDictionary<string, ShureDevice>(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Every configured name, identified or not (once started).</summary>
    public IReadOnlyCollection<string> ConfiguredNames => _devices is null ? [] : [.. _devices.Keys.Concat(_identifying.Keys)];

    /// <summary>True while an <c>AUTO</c> entry has not said what it is; <paramref name="failure"/> is the last attempt's.</summary>
    public bool IsIdentifying(string name, out Exception? failure) => _identifying.TryGetValue(name, out failure);

    public ShureDriversOptions Options => options.Value;

    public TimeProvider Time => _time;

    public Ani4OutDevice GetDevice(string name) =>
        GetShureDevice(name) as Ani4OutDevice ?? throw new InvalidOperationException($"The Shure device '{name}' is configured as an {Options.Devices[name].Model?.ToUpperInvariant()}, not an ANI4OUT: use GetShureDevice, or the keyed {nameof(Ani4InDevice)}.");

    public ShureDevice GetShureDevice(string name)
    {
        var devices = _devices ?? throw new InvalidOperationException("The Shure device registry has not started: devices exist once the host has started.");
        if (devices.TryGetValue(name, out var device))
        {
            return device;
        }

        if (_identifying.TryGetValue(name, out var failure))
        {
            throw new InvalidOperationException(
                $"The Shure device '{name}' (Model: AUTO) has not said what it is yet, so it has no device object{(failure is null ? "" : $" (last attempt: {failure.Message})")}. It is opened as the model it reports; set Shure:Devices:{name}:Model to ANI4OUT or ANI4IN to have it from the start.",
                failure);
        }

        throw new KeyNotFoundException($"No Shure device is configured as '{name}'. Configured: {string.Join(", ", ConfiguredNames)}.");
    }

    public bool TryGetDevice(string name, [NotNullWhen(true)] out Ani4OutDevice? device)
    {
        device = _devices?.TryGetValue(name, out var any) == true ? any as Ani4OutDevice : null;
        return device is not null;
    }

    public DateTimeOffset? DownSince(string name)
    {
        if (_devices?.ContainsKey(name) != true && _identifying.ContainsKey(name))
        {
            return _time.GetUtcNow() - _time.GetElapsedTime(_downSince.TryGetValue(name, out var started) ? started : 0);
        }

        var device = GetShureDevice(name);
        if (device.Session.State == ConnectionState.Connected && !device.IsStale)
        {
            return null;
        }

        var since = _downSince.TryGetValue(name, out var ticks) ? ticks : 0;
        return _time.GetUtcNow() - _time.GetElapsedTime(since);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_devices is not null)
        {
            return Task.CompletedTask;
        }

        var settings = options.Value;
        var devices = new ConcurrentDictionary<string, ShureDevice>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entry) in settings.Devices)
        {
            _downSince[name] = _time.GetTimestamp();
            var (host, connector) = Locate(name, entry, settings);
            var session = new DeviceSessionOptions
            {
                Port = entry.Port ?? 2202,
                Connector = connector,
                ConnectTimeout = settings.CommandTimeout,
                CommandTimeout = settings.CommandTimeout,
                ReconnectDelay = settings.ReconnectDelay,
                MaxReconnectDelay = settings.MaxReconnectDelay,
                LoggerFactory = loggerFactory,
                MeterFactory = meterFactory,
                DeviceName = name,
                TimeProvider = _time,
            };
            if (ShureDeviceOptions.IsAuto(entry.Model))
            {
                _identifying[name] = null;
                HostingLog.Identifying(_log, name, host);
                _identifiers.Add(IdentifyAsync(name, host, session, devices, settings.LogChanges));
                continue;
            }

            ShureDevice device = string.Equals(entry.Model, "ANI4IN", StringComparison.OrdinalIgnoreCase)
                ? Ani4InDevice.Open(host, session)
                : Ani4OutDevice.Open(host, session);
            Track(name, device, settings.LogChanges, explicitModel: true);
            devices[name] = device;
            HostingLog.Opened(_log, name, device.Session.EndPoint);
        }

        _devices = devices;
        return Task.CompletedTask;
    }

    // An AUTO entry: connect, ask MODEL, and open the object for the model that answers (ShureDevices.ConnectAsync), with
    // the reconnect backoff between attempts. A model this library has no object for ends the attempts (it stays down
    // with that failure, as a configured model that meets the other one does).
    private async Task IdentifyAsync(string name, string host, DeviceSessionOptions session, ConcurrentDictionary<string, ShureDevice> devices, bool logChanges)
    {
        await Task.Yield();
        var delay = session.ReconnectDelay;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var device = await ShureDevices.ConnectAsync(host, session, _stopping.Token).ConfigureAwait(false);
                Track(name, device, logChanges, explicitModel: false);
                devices[name] = device;
                _identifying.TryRemove(name, out _);
                _downSince.TryRemove(name, out _);
                HostingLog.Identified(_log, name, device.Model ?? "?", device.GetType().Name);
                if (_stopping.IsCancellationRequested && devices.TryRemove(name, out var late))
                {
                    await late.DisposeAsync().ConfigureAwait(false);
                }

                return;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (DeviceModelMismatchException ex)
            {
                _identifying[name] = ex;
                HostingLog.NotIdentified(_log, name, ex.Message);
                return;
            }
            catch (ShureDeviceException ex)
            {
                _identifying[name] = ex;
                if (logChanges)
                {
                    HostingLog.NotIdentified(_log, name, ex.Message);
                }
            }

            try
            {
                await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, session.MaxReconnectDelay.Ticks));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        await Task.WhenAll(_identifiers).ConfigureAwait(false);
        var devices = Interlocked.Exchange(ref _devices, new ConcurrentDictionary<string, ShureDevice>());
        if (devices is not null)
        {
            await Task.WhenAll(devices.Values.Select(d => d.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    // The session's host string names the device in logs and metrics; the connector finds it at each connect (the
    // core's one locator, as room files use it).
    private static (string Host, DeviceConnector Connector) Locate(string name, ShureDeviceOptions entry, ShureDriversOptions settings)
    {
        var discovery = new DiscoveryOptions { LoopbackOnly = settings.LoopbackOnly };
        settings.Interfaces.ForEach(discovery.Interfaces.Add);
        var locator = entry.Host is { } host ? DeviceLocator.Create(DeviceLocatorKind.Host, host)
            : entry.Mdns is { } mdns ? DeviceLocator.Create(DeviceLocatorKind.Mdns, mdns)
            : entry.Mac is { } mac ? DeviceLocator.Create(DeviceLocatorKind.Mac, mac)
            : DeviceLocator.Create(DeviceLocatorKind.Dante, entry.Dante!);
        return (locator.SessionHost, settings.ConnectorFor?.Invoke(name) ?? locator.CreateConnector(discovery));
    }

    private void Track(string name, ShureDevice device, bool logChanges, bool explicitModel)
    {
        // The other supported model at this address: say which setting fixes it, whatever logChanges says; once, from
        // the state change or (when the device refused before this handler was added: the connect starts in Open)
        // from the failure already recorded.
        var hinted = 0;
        void HintIfOtherModel(Exception? reason)
        {
            if (explicitModel && reason is DeviceModelMismatchException mismatch
                && (mismatch.ReportedModel.StartsWith("ANI4IN", StringComparison.OrdinalIgnoreCase) || mismatch.ReportedModel.StartsWith("ANI4OUT", StringComparison.OrdinalIgnoreCase))
                && Interlocked.Exchange(ref hinted, 1) == 0)
            {
                HostingLog.AnotherModel(_log, name, mismatch.ReportedModel, mismatch.ExpectedModelPrefix, mismatch.ReportedModel.StartsWith("ANI4IN", StringComparison.OrdinalIgnoreCase) ? "ANI4IN" : "ANI4OUT");
            }
        }

        device.Session.StateChanged += (sender, e) =>
        {
            HintIfOtherModel(e.Reason);

            if (e.Current == ConnectionState.Connected && !device.IsStale)
            {
                _downSince.TryRemove(name, out _);
            }
            else if (e.Previous == ConnectionState.Connected || !_downSince.ContainsKey(name))
            {
                _downSince[name] = _time.GetTimestamp();
            }

            if (logChanges)
            {
                HostingLog.StateChanged(_log, name, e.Previous, e.Current, e.Reason?.Message ?? string.Empty);
            }
        };
        device.Synchronized += (sender, e) =>
        {
            _downSince.TryRemove(name, out _);
            if (logChanges)
            {
                HostingLog.Synchronized(_log, name, device is Ani4InDevice ? "input" : "output", device.Channels[0].Gain?.ToString() ?? "unknown");
            }
        };
        if (logChanges)
        {
            device.Changed += (_, e) => HostingLog.ValueChanged(_log, name, e.Parameter, e.Channel?.ToString(CultureInfo.InvariantCulture) ?? "-", e.OldValue?.ToString() ?? "unknown", e.NewValue.ToString() ?? string.Empty);
        }

        HintIfOtherModel(device.Session.LastFailure);
    }
}
