using System;
using System.CommandLine;
using ShureDrivers.Discovery;

namespace ShureDrivers.Cli.Commands;

/// <summary>
/// The options and arguments several commands share, each declared here once with its one rule, so a value means the
/// same to every command. Factories, not shared instances: System.CommandLine records each command a symbol is added
/// to, and the tree is built afresh for every run (tests build many at once).
/// </summary>
internal static class CliOptions
{
    /// <summary>The most any <c>--timeout</c> takes: an hour.</summary>
    public const double MaxTimeoutSeconds = 3600;

    /// <summary><c>HOST</c>: the device, checked by the core's host parser when the command runs.</summary>
    public static Argument<string> Host() =>
        new("HOST") { Description = "The device: an IP address, a name (ANI4OUT-aabbcc.local if your OS resolves mDNS), or host:port." };

    /// <summary><c>--timeout</c>: seconds, more than 0 and at most <see cref="MaxTimeoutSeconds"/>, checked while parsing.</summary>
    public static Option<double> Timeout(string description, double defaultSeconds)
    {
        var option = new Option<double>("--timeout") { Description = description, DefaultValueFactory = _ => defaultSeconds };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is var seconds && (double.IsNaN(seconds) || seconds <= 0 || seconds > MaxTimeoutSeconds))
            {
                r.AddError($"--timeout must be between 0 and {MaxTimeoutSeconds:0} seconds.");
            }
        });
        return option;
    }

    /// <summary><c>--port</c>: 1 to 65535, checked while parsing.</summary>
    public static Option<int?> Port(string description = "Command-string port (default 2202; overrides host:port).")
    {
        var option = new Option<int?>("--port") { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 65535)
            {
                r.AddError("--port must be 1 to 65535.");
            }
        });
        return option;
    }

    /// <summary><c>--json</c>: one JSON document (or one per line for streams) on stdout, as docs/cli-json.md says.</summary>
    public static Option<bool> Json(string description = "Print one JSON document (docs/cli-json.md).") => new("--json") { Description = description };

    /// <summary><c>--loopback</c>: multicast on loopback only.</summary>
    public static Option<bool> Loopback(string description = "Resolve .local names and room-file mdns/mac locators on loopback only (simulated devices on this machine); nothing is multicast elsewhere.") =>
        new("--loopback") { Description = description };

    /// <summary><c>--interface</c>, repeatable: each must name an up interface or one of its addresses, checked while parsing.</summary>
    public static Option<string[]> Interface(string description = "Interface for .local names and mdns/mac locators (repeatable): a name or one address. Default: every multicast interface except loopback.")
    {
        var option = new Option<string[]>("--interface") { Description = description, AllowMultipleArgumentsPerToken = false };
        option.Validators.Add(r =>
        {
            foreach (var name in r.GetValueOrDefault<string[]>() ?? [])
            {
                var options = new DiscoveryOptions();
                options.Interfaces.Add(name);
                try
                {
                    ShureDeviceDiscovery.GetInterfaces(options);
                }
                catch (ArgumentException ex)
                {
                    r.AddError(CommandErrors.Sentence(ex));
                }
            }
        });
        return option;
    }
}
