using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShureDrivers;
using ShureDrivers.Simulator;

namespace ControlProgram;

/// <summary>Keeps every configured device connected, logs what changes, and rides through reconnects.</summary>
public sealed partial class DeviceWorker(IOptions<ShureOptions> options, ILoggerFactory loggerFactory, IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger _log = loggerFactory.CreateLogger<DeviceWorker>();

    private static readonly Gain ChangedBeforeReboot = Gain.FromDb(-9);
    private int _rebootsSimulated;
    private int _recoveries;

    /// <summary>Simulated reboots so far.</summary>
    public int RebootsSimulated => Volatile.Read(ref _rebootsSimulated);

    /// <summary>Resyncs after a simulated reboot that picked up the value changed behind our back.</summary>
    public int Recoveries => Volatile.Read(ref _recoveries);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var cleanup = new List<IAsyncDisposable>();
        try
        {
            var devices = settings.Devices.Count > 0 ? settings.Devices : [new DeviceEntry()];
            foreach (var entry in devices)
            {
                var host = entry.Host;
                var sessionOptions = new DeviceSessionOptions
                {
                    LoggerFactory = loggerFactory,
                    ReconnectDelay = TimeSpan.FromMilliseconds(250),
                    MaxReconnectDelay = TimeSpan.FromSeconds(5),
                };
                if (string.IsNullOrWhiteSpace(host))
                {
                    var simulator = new Ani4OutSimulator(new SimulatorOptions { BootTime = TimeSpan.FromSeconds(1), LoggerFactory = loggerFactory });
                    var listener = SimulatorTcpListener.Start(simulator);
                    cleanup.Add(listener);
                    cleanup.Add(new Disposer(simulator.Dispose));
                    host = listener.LocalEndPoint.ToString();
                    LogSimulating(entry.Name, host);
                    if (settings.SimulatedRebootAfterSeconds > 0)
                    {
                        _ = RebootLaterAsync(simulator, TimeSpan.FromSeconds(settings.SimulatedRebootAfterSeconds), stoppingToken);
                    }
                }

                var device = await ConnectWithRetryAsync(entry.Name, host, sessionOptions, stoppingToken);
                cleanup.Add(device);
                Watch(entry.Name, device);
            }

            if (settings.RunForSeconds > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.RunForSeconds), stoppingToken);
                lifetime.StopApplication();
            }

            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            cleanup.Reverse();
            foreach (var d in cleanup)
            {
                await d.DisposeAsync();
            }
        }
    }

    private async Task<Ani4OutDevice> ConnectWithRetryAsync(string name, string host, DeviceSessionOptions sessionOptions, CancellationToken stoppingToken)
    {
        // The first connection is retried here; after that the session reconnects by itself.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var device = await Ani4OutDevice.ConnectAsync(host, sessionOptions, stoppingToken);
                LogConnected(name, device.Model, device.FirmwareVersion);
                return device;
            }
            catch (ShureDeviceException ex) when (ex.IsTransient)
            {
                LogConnectFailed(name, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken);
            }
        }
    }

    private void Watch(string name, Ani4OutDevice device)
    {
        device.Session.StateChanged += (_, e) => LogState(name, e.Previous, e.Current, e.Reason?.Message ?? string.Empty);
        device.Changed += (_, e) => LogChange(name, e.Parameter, e.Channel, e.OldValue, e.NewValue);
        device.Synchronized += (_, _) =>
        {
            var gain = device.Output(1).Gain;
            LogSynchronized(name, gain);
            if (RebootsSimulated > 0 && gain == ChangedBeforeReboot)
            {
                Interlocked.Increment(ref _recoveries);
            }
        };
    }

    private async Task RebootLaterAsync(Ani4OutSimulator simulator, TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
            simulator.SetGain(1, ChangedBeforeReboot); // as if someone changed it in the web app first
            LogRebooting();
            Interlocked.Increment(ref _rebootsSimulated);
            simulator.Reboot();
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: no host configured; simulating an ANI4OUT at {Host}")]
    private partial void LogSimulating(string name, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: connected to {Model}, firmware {Firmware}")]
    private partial void LogConnected(string name, string? model, object? firmware);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: connection attempt {Attempt} failed: {Reason}")]
    private partial void LogConnectFailed(string name, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: {Previous} -> {Current} {Reason}")]
    private partial void LogState(string name, ConnectionState previous, ConnectionState current, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: {Parameter} (channel {Channel}) {Old} -> {New}")]
    private partial void LogChange(string name, string parameter, int? channel, object? old, object @new);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: resynchronised; output 1 is {Gain}")]
    private partial void LogSynchronized(string name, object? gain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebooting the simulated device to show the program riding through it")]
    private partial void LogRebooting();

    private sealed class Disposer(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
