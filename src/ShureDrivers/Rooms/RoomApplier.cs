using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Discovery;
using ShureDrivers.Internal;
using ShureDrivers.PacketBridge;

namespace ShureDrivers.Rooms;

/// <summary>
/// Makes devices match a <see cref="RoomConfiguration"/>: resolve → connect (the model the file asks for, checked
/// before any change) → recall the preset first (the device resynchronises) → apply outputs or inputs → read back and
/// verify, reporting every setting as unchanged, changed or
/// failed. Devices run concurrently within a bound; one unreachable device never stops the others. Only what
/// differs is sent, so applying twice changes nothing the second time. A dry run connects and compares but sends
/// no SET.
/// </summary>
public static class RoomApplier
{
    /// <summary>Applies (or dry-runs) <paramref name="room"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<RoomReport> ApplyAsync(RoomConfiguration room, RoomApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(room, nameof(room));
        options ??= new RoomApplyOptions();
        Guard.InRange(options.Concurrency, 1, 256, nameof(options));
        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Timeout must be positive.", nameof(options));
        }

        using var gate = new SemaphoreSlim(options.Concurrency);
        var discovery = new Lazy<Task<IReadOnlyList<DiscoveredDevice>>>(() => ShureDeviceDiscovery.DiscoverAsync(options.Discovery, cancellationToken));
        var reports = await Task.WhenAll(room.Devices.Select(async device =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var report = await ApplyDeviceAsync(device, options, discovery, cancellationToken).ConfigureAwait(false);
                options.Progress?.Report(report);
                return report;
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return new RoomReport(reports);
    }

    /// <summary>Reads an ANI4OUT's current state as a one-device room (round-trips through <see cref="ApplyAsync"/> unchanged).</summary>
    public static RoomConfiguration Snapshot(Ani4OutDevice device, string name, RoomDeviceLocator find) => Snapshot((ShureDevice)device, name, find);

    /// <summary>
    /// Reads a device's current state as a one-device room: an ANI4OUT's outputs, or an ANI4IN's inputs with its
    /// <c>model</c> (round-trips through <see cref="ApplyAsync"/> unchanged).
    /// </summary>
    public static RoomConfiguration Snapshot(ShureDevice device, string name, RoomDeviceLocator find)
    {
        Guard.NotNull(device, nameof(device));
        var preset = device.ActivePreset is >= 1 and <= 10 ? device.ActivePreset : null;
        if (device is Ani4InDevice input)
        {
            var inputs = input.Inputs.ToDictionary(i => i.Channel, i => new RoomInput { Gain = i.Gain, AnalogGainDb = i.AnalogGain, Muted = i.IsMuted, Phantom = i.IsPhantomPowered });
            return new RoomConfiguration([new RoomDevice { Name = name, Find = find, Model = "ANI4IN", Preset = preset, Inputs = inputs }]);
        }

        var outputs = ((Ani4OutDevice)device).Outputs.ToDictionary(o => o.Channel, o => new RoomOutput { Gain = o.Gain, Muted = o.IsMuted, Level = o.Level });
        return new RoomConfiguration([new RoomDevice { Name = name, Find = find, Preset = preset, Outputs = outputs }]);
    }

    private static async Task<RoomDeviceReport> ApplyDeviceAsync(RoomDevice wanted, RoomApplyOptions options, Lazy<Task<IReadOnlyList<DiscoveredDevice>>> discovery, CancellationToken cancellationToken)
    {
        string host;
        try
        {
            host = await ResolveAsync(wanted.Find, options, discovery, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ShureDeviceException or ArgumentException or InvalidOperationException)
        {
            return new RoomDeviceReport(wanted.Name, null, RoomDeviceStatus.Unreachable, [], ex.Message);
        }

        var session = (options.Session ?? new DeviceSessionOptions()).Clone();
        session.ConnectTimeout = options.Timeout;
        session.CommandTimeout = options.Timeout;
        session.AutoReconnect = false;
        session.KeepAliveInterval = TimeSpan.Zero;
        session.DeadConnectionTimeout = TimeSpan.FromHours(1);
        ShureDevice device;
        try
        {
            // The model the file asks for: a device of the other model is refused before anything changes.
            device = wanted.ExpectedModel switch
            {
                "ANI4IN" => await Ani4InDevice.ConnectAsync(host, session, cancellationToken).ConfigureAwait(false),
                "ANI4OUT" => await Ani4OutDevice.ConnectAsync(host, session, cancellationToken).ConfigureAwait(false),
                _ => await ShureDevices.ConnectAsync(host, session, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (DeviceModelMismatchException ex)
        {
            return new RoomDeviceReport(wanted.Name, host, RoomDeviceStatus.WrongModel, [], ex.Message);
        }
        catch (ShureDeviceException ex)
        {
            return new RoomDeviceReport(wanted.Name, host, RoomDeviceStatus.Unreachable, [], ex.Message);
        }

        await using (device.ConfigureAwait(false))
        {
            var settings = new List<RoomSettingReport>();
            var toVerify = new List<(string Path, string To, Func<string?> Read, string? From)>();
            var dry = options.DryRun;

            async Task SetAsync(string path, string? from, string to, Func<string?> read, Func<Task> set)
            {
                if (from == to)
                {
                    settings.Add(new RoomSettingReport(path, from, to, RoomSettingResult.Unchanged));
                    return;
                }

                if (dry)
                {
                    settings.Add(new RoomSettingReport(path, from, to, RoomSettingResult.WouldChange));
                    return;
                }

                try
                {
                    await set().ConfigureAwait(false);
                    toVerify.Add((path, to, read, from));
                }
                catch (ShureDeviceException ex)
                {
                    settings.Add(new RoomSettingReport(path, from, to, RoomSettingResult.Failed, ex.Message));
                }
            }

            // The preset first: a recall changes many values, and the device object resynchronises after it.
            if (wanted.Preset is { } preset)
            {
                await SetAsync("preset", Text(device.ActivePreset), Text(preset)!, () => Text(device.ActivePreset), () => device.RecallPresetAsync(preset, cancellationToken)).ConfigureAwait(false);
            }

            foreach (var pair in wanted.Inputs.OrderBy(p => p.Key))
            {
                var input = ((Ani4InDevice)device).Input(pair.Key);
                var prefix = "inputs." + pair.Key.ToString(CultureInfo.InvariantCulture) + ".";
                if (pair.Value.AnalogGainDb is { } analog)
                {
                    await SetAsync(prefix + "analogGainDb", Text(input.AnalogGain), Text(analog)!, () => Text(input.AnalogGain), () => input.SetAnalogGainAsync(analog, cancellationToken)).ConfigureAwait(false);
                }

                if (pair.Value.Phantom is { } phantom)
                {
                    await SetAsync(prefix + "phantom", Text(input.IsPhantomPowered), Text(phantom)!, () => Text(input.IsPhantomPowered), () => input.SetPhantomPowerAsync(phantom, cancellationToken)).ConfigureAwait(false);
                }

                if (pair.Value.Gain is { } gain)
                {
                    await SetAsync(prefix + "gainDb", Text(input.Gain), Text(gain)!, () => Text(input.Gain), () => input.SetGainAsync(gain, cancellationToken)).ConfigureAwait(false);
                }

                if (pair.Value.Muted is { } muted)
                {
                    await SetAsync(prefix + "muted", Text(input.IsMuted), Text(muted)!, () => Text(input.IsMuted), () => input.SetMuteAsync(muted, cancellationToken)).ConfigureAwait(false);
                }
            }

            foreach (var pair in wanted.Outputs.OrderBy(p => p.Key))
            {
                var output = ((Ani4OutDevice)device).Output(pair.Key);
                var prefix = "outputs." + pair.Key.ToString(CultureInfo.InvariantCulture) + ".";
                if (pair.Value.Gain is { } gain)
                {
                    await SetAsync(prefix + "gainDb", Text(output.Gain), Text(gain)!, () => Text(output.Gain), () => output.SetGainAsync(gain, cancellationToken)).ConfigureAwait(false);
                }

                if (pair.Value.Muted is { } muted)
                {
                    await SetAsync(prefix + "muted", Text(output.IsMuted), Text(muted)!, () => Text(output.IsMuted), () => output.SetMuteAsync(muted, cancellationToken)).ConfigureAwait(false);
                }

                if (pair.Value.Level is { } level)
                {
                    await SetAsync(prefix + "level", Text(output.Level), Text(level)!, () => Text(output.Level), () => output.SetLevelAsync(level, cancellationToken)).ConfigureAwait(false);
                }
            }

            // Read everything back and check what was set.
            if (toVerify.Count > 0)
            {
                try
                {
                    await device.RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ShureDeviceException)
                {
                    // Reported per setting below: the values read null.
                }

                foreach (var (path, to, read, from) in toVerify)
                {
                    var now = read();
                    settings.Add(now == to
                        ? new RoomSettingReport(path, from, to, RoomSettingResult.Changed)
                        : new RoomSettingReport(path, from, to, RoomSettingResult.Failed, $"the device reports {now ?? "nothing"} after the change"));
                }
            }

            var order = settings.OrderBy(s => s.Path == "preset" ? string.Empty : s.Path, StringComparer.Ordinal).ToList();
            return new RoomDeviceReport(wanted.Name, host, order.Any(s => s.Result == RoomSettingResult.Failed) ? RoomDeviceStatus.Failed : RoomDeviceStatus.Ok, order);
        }
    }

    // The core's one resolver (DeviceLocator), with one discovery scan shared by every mdns and mac locator of the file.
    private static async Task<string> ResolveAsync(RoomDeviceLocator find, RoomApplyOptions options, Lazy<Task<IReadOnlyList<DiscoveredDevice>>> discovery, CancellationToken cancellationToken)
    {
        var locator = find.ToLocator();
        var port = (options.Session ?? new DeviceSessionOptions()).Port;
        var found = await DeviceLocatorResolver.ResolveAsync(locator, port, options.Discovery ?? new DiscoveryOptions(), options.PacketBridge, _ => discovery.Value, cancellationToken).ConfigureAwait(false);
        return locator.Kind == DeviceLocatorKind.Host ? locator.Value : Endpoint(IPAddress.Parse(found.Host), found.Port);
    }

    // IPEndPoint brackets IPv6 addresses, which HostAndPort.Parse reads back.
    private static string Endpoint(IPAddress address, int port) => new IPEndPoint(address, port).ToString();

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Text(bool? value) => value switch { true => "true", false => "false", _ => null };

    private static string? Text(Gain? gain) => gain?.Decibels.ToString("0.0", CultureInfo.InvariantCulture);

    private static string? Text(OutputLevel? level) => level?.ToString().ToLowerInvariant();
}
