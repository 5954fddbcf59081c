using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ShureDrivers.Hosting.Internal;

/// <summary>Checks the <c>Shure</c> section when the host starts, naming every problem with its configuration path.</summary>
internal sealed class ShureDriversOptionsValidator : IValidateOptions<ShureDriversOptions>
{
    // Dante device names: letters, digits and hyphens (Audinate's rule), optionally with .local.
    private static readonly Regex DanteName = new("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?(?:\\.local)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
    private static readonly Regex Mac = new("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

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

            if (device.Mac is { } mac && !Mac.IsMatch(mac))
            {
                problems.Add($"{path}:Mac '{mac}' is not a MAC address like 00:0E:DD:AA:BB:CC.");
            }

            if (device.Dante is { } dante && !(IPAddress.TryParse(dante, out var address) ? address.AddressFamily == AddressFamily.InterNetwork : DanteName.IsMatch(dante)))
            {
                problems.Add($"{path}:Dante '{dante}' is neither an IPv4 address nor a Dante device name.");
            }

            if (device.Port is < 1 or > 65535)
            {
                problems.Add($"{path}:Port {device.Port} is outside 1-65535.");
            }

            foreach (var text in new[] { device.Host, device.Mdns })
            {
                if (text is not null && text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '{' or '}'))
                {
                    problems.Add($"{path}: '{text}' is not a host name or address.");
                }
            }
        }

        if (options.UnhealthyAfter < TimeSpan.Zero || options.CommandTimeout <= TimeSpan.Zero || options.ReconnectDelay <= TimeSpan.Zero || options.MaxReconnectDelay < options.ReconnectDelay)
        {
            problems.Add("Shure: UnhealthyAfter must not be negative, CommandTimeout and ReconnectDelay must be positive, and MaxReconnectDelay at least ReconnectDelay.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
