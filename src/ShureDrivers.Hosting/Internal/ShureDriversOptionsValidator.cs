using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;

namespace ShureDrivers.Hosting.Internal;

/// <summary>Checks the <c>Shure</c> section when the host starts, naming every problem with its configuration path.</summary>
internal sealed class ShureDriversOptionsValidator : IValidateOptions<ShureDriversOptions>
{
    public ValidateOptionsResult Validate(string? name, ShureDriversOptions options)
    {
        var problems = new List<string>();
        if (options.Devices.Count == 0)
        {
            problems.Add("Shure:Devices is empty: configure at least one device (Host, Mdns, Mac or Dante).");
        }

        foreach (var (deviceName, device) in options.Devices)
        {
            var path = "Shure:Devices:" + deviceName;
            if (device is null)
            {
                problems.Add($"{path} has no settings.");
                continue;
            }

            var locators = new[] { device.Host, device.Mdns, device.Mac, device.Dante }.Count(v => !string.IsNullOrWhiteSpace(v));
            if (locators != 1)
            {
                problems.Add($"{path} needs exactly one of Host, Mdns, Mac or Dante (it has {locators}).");
            }

            // The core's one validation, with the same messages as room files.
            foreach (var (kind, value) in new[] { (DeviceLocatorKind.Host, device.Host), (DeviceLocatorKind.Mdns, device.Mdns), (DeviceLocatorKind.Mac, device.Mac), (DeviceLocatorKind.Dante, device.Dante) })
            {
                if (value is not null && DeviceLocator.Problem(kind, value) is { } problem)
                {
                    problems.Add($"{path}:{kind} {problem}");
                }
            }

            if (device.Model is { } model && !string.Equals(model, "ANI4OUT", StringComparison.OrdinalIgnoreCase) && !string.Equals(model, "ANI4IN", StringComparison.OrdinalIgnoreCase) && !ShureDeviceOptions.IsAuto(model))
            {
                problems.Add($"{path}:Model must be ANI4OUT, ANI4IN or AUTO, not '{new string(model.Where(c => c is >= ' ' and <= '~').Take(40).ToArray())}'.");
            }

            if (device.Port is < 1 or > 65535)
            {
                problems.Add($"{path}:Port {device.Port} is outside 1-65535.");
            }

        }

        if (options.UnhealthyAfter < TimeSpan.Zero || options.CommandTimeout <= TimeSpan.Zero || options.ReconnectDelay <= TimeSpan.Zero || options.MaxReconnectDelay < options.ReconnectDelay)
        {
            problems.Add("Shure: UnhealthyAfter must not be negative, CommandTimeout and ReconnectDelay must be positive, and MaxReconnectDelay at least ReconnectDelay.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
