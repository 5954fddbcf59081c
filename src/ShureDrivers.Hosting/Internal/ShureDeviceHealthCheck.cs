using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ShureDrivers.Hosting.Internal;

/// <summary>
/// Healthy when connected with fresh values; degraded while connecting, reconnecting, resynchronising or stale;
/// unhealthy once that has lasted <see cref="ShureDriversOptions.UnhealthyAfter"/>, or when the device will not be
/// retried (another model) or is closed. One device (<paramref name="deviceName"/>) or all of them (null: the worst).
/// </summary>
internal sealed class ShureDeviceHealthCheck(ShureDeviceRegistry registry, string? deviceName) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var configured = registry.ConfiguredNames;
        var names = deviceName is null ? configured.ToList() : [deviceName];
        if (names.Count == 0 || (deviceName is not null && !configured.Contains(deviceName, StringComparer.OrdinalIgnoreCase)))
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "The Shure device registry has not started."));
        }

        var results = names.Select(Check).ToList();
        var worst = results.OrderBy(r => r.Status).First();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, result) in names.Zip(results))
        {
            data[name] = result.Description ?? result.Status.ToString();
        }

        var description = names.Count == 1 ? worst.Description : string.Join("; ", names.Zip(results).Select(p => $"{p.First}: {p.Second.Description}"));
        return Task.FromResult(new HealthCheckResult(worst.Status, description, worst.Exception, data));
    }

    private HealthCheckResult Check(string name)
    {
        if (registry.IsIdentifying(name, out var unknown))
        {
            // Model: AUTO, not answered yet. A model the library has no object for is final.
            if (unknown is DeviceModelMismatchException)
            {
                return HealthCheckResult.Unhealthy($"not identified: {unknown.Message}", unknown);
            }

            var waited = registry.DownSince(name) is { } from ? registry.Time.GetUtcNow() - from : TimeSpan.Zero;
            var status = $"identifying (Model AUTO) for {waited.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s{(unknown is null ? string.Empty : ": " + unknown.Message)}";
            return waited >= registry.Options.UnhealthyAfter ? HealthCheckResult.Unhealthy(status, unknown) : HealthCheckResult.Degraded(status, unknown);
        }

        var device = registry.GetShureDevice(name);
        var session = device.Session;
        var state = session.State;
        if (state == ConnectionState.Connected && !device.IsStale)
        {
            return HealthCheckResult.Healthy($"connected to {session.EndPoint}");
        }

        var failure = session.LastFailure;
        if (state is ConnectionState.Closed or ConnectionState.Disconnected)
        {
            return HealthCheckResult.Unhealthy($"{state.ToString().ToLowerInvariant()}: {failure?.Message ?? "not connecting"}", failure);
        }

        var since = registry.DownSince(name);
        var down = since is { } s ? registry.Time.GetUtcNow() - s : TimeSpan.Zero;
        var why = $"{state.ToString().ToLowerInvariant()}{(device.IsStale && state == ConnectionState.Connected ? " (stale)" : string.Empty)} for {down.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s{(failure is null ? string.Empty : ": " + failure.Message)}";
        return down >= registry.Options.UnhealthyAfter ? HealthCheckResult.Unhealthy(why, failure) : HealthCheckResult.Degraded(why, failure);
    }
}
