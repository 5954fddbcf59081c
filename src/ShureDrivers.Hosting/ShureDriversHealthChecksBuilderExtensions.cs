using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ShureDrivers.Hosting;
using ShureDrivers.Hosting.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks for the devices <c>AddShureDrivers</c> registered.</summary>
public static class ShureDriversHealthChecksBuilderExtensions
{
    /// <summary>
    /// One check per configured device, named <c>shure:NAME</c> (or, with <paramref name="aggregate"/>, one check
    /// <c>shure</c> reporting the worst), tagged <c>shure</c> plus <paramref name="tags"/>. Healthy: connected with fresh
    /// values. Degraded: connecting, reconnecting, resynchronising or stale. Unhealthy: so for longer than
    /// <see cref="ShureDriversOptions.UnhealthyAfter"/>, another model, or closed.
    /// </summary>
    public static IHealthChecksBuilder AddShureDrivers(this IHealthChecksBuilder builder, IEnumerable<string>? tags = null, bool aggregate = false)
    {
        System.ArgumentNullException.ThrowIfNull(builder);
        string[] allTags = ["shure", .. tags ?? []];
        if (aggregate)
        {
            return builder.Add(new HealthCheckRegistration("shure", sp => new ShureDeviceHealthCheck(sp.GetRequiredService<ShureDeviceRegistry>(), null), null, allTags));
        }

        // Names come from the validated options, read when the checks first run.
        builder.Services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>>(sp => new ConfigureOptions<HealthCheckServiceOptions>(o =>
        {
            foreach (var name in sp.GetRequiredService<IOptions<ShureDriversOptions>>().Value.Devices.Keys)
            {
                o.Registrations.Add(new HealthCheckRegistration("shure:" + name, s => new ShureDeviceHealthCheck(s.GetRequiredService<ShureDeviceRegistry>(), name), null, allTags.Append("shure:" + name)));
            }
        }));
        return builder;
    }
}
