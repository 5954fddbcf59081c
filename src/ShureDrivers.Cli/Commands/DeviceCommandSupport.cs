using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Discovery;

namespace ShureDrivers.Cli.Commands;

/// <summary>What every device command shares: HOST, --port, --timeout, --json, connecting, and exit codes.</summary>
internal sealed class DeviceCommandSupport
{
    public DeviceCommandSupport(CliConsole console)
    {
        Console = console;
        Host = new Argument<string>("HOST") { Description = "The device: an IP address, a name (ANI4OUT-aabbcc.local if your OS resolves mDNS), or host:port." };
        Port = new Option<int?>("--port") { Description = "Command-string port (default 2202; overrides host:port)." };
        Timeout = CliOptions.Timeout("Seconds to wait for the connection and for each reply.", 5);
        Port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 65535)
            {
                r.AddError("--port must be 1 to 65535.");
            }
        });
        JsonOutput = new Option<bool>("--json") { Description = "Print one JSON document (docs/cli-json.md)." };
        Loopback = new Option<bool>("--loopback") { Description = "Resolve .local names and room-file mdns/mac locators on loopback only (simulated devices on this machine); nothing is multicast elsewhere." };
        Interface = new Option<string[]>("--interface") { Description = "Interface for .local names and mdns/mac locators (repeatable): a name or one address. Default: every multicast interface except loopback.", AllowMultipleArgumentsPerToken = false };
        Interface.Validators.Add(r =>
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
                    r.AddError(ex.Message.Replace(" (Parameter 'options')", string.Empty, StringComparison.Ordinal));
                }
            }
        });
    }

    public Option<bool> Loopback { get; }

    public Option<string[]> Interface { get; }

    public CliConsole Console { get; }

    public Argument<string> Host { get; }

    public Option<int?> Port { get; }

    public Option<double> Timeout { get; }

    public Option<bool> JsonOutput { get; }

    public Command NewCommand(string name, string description, bool json = true)
    {
        var command = new Command(name, description);
        command.Arguments.Add(Host);
        command.Options.Add(Port);
        command.Options.Add(Timeout);
        command.Options.Add(Loopback);
        command.Options.Add(Interface);
        if (json)
        {
            command.Options.Add(JsonOutput);
        }

        return command;
    }

    /// <summary>How .local names and room-file locators are searched: --loopback, --interface, and -v's logging.</summary>
    public DiscoveryOptions DiscoveryOptions(ParseResult parse)
    {
        var options = new DiscoveryOptions { LoopbackOnly = parse.GetValue(Loopback), LoggerFactory = Verbosity.LoggerFactory(parse, Console) };
        foreach (var name in parse.GetValue(Interface) ?? [])
        {
            options.Interfaces.Add(name);
        }

        return options;
    }

    public DeviceSessionOptions SessionOptions(ParseResult parse)
    {
        var timeout = TimeSpan.FromSeconds(parse.GetValue(Timeout));
        var discovery = DiscoveryOptions(parse);
        return new DeviceSessionOptions
        {
            Connector = new TcpDeviceConnector(discovery),
            LoggerFactory = discovery.LoggerFactory,
            Port = parse.GetValue(Port) ?? 2202,
            ConnectTimeout = timeout,
            CommandTimeout = timeout,
            AutoReconnect = false, // a script wants an answer, not a retry loop
            KeepAliveInterval = TimeSpan.Zero,
            DeadConnectionTimeout = TimeSpan.FromHours(1),
        };
    }

    /// <summary>The host with --port applied (so "host:port" and --port agree).</summary>
    public static string Target(ParseResult parse, DeviceCommandSupport support)
    {
        var host = parse.GetValue(support.Host)!;
        return parse.GetValue(support.Port) is { } port ? StripPort(host) + ":" + port : host;
    }

    /// <summary>Writes <paramref name="command"/>'s JSON document (docs/cli-json.md).</summary>
    public async Task WriteJsonAsync(string command, object body)
    {
        await Console.Out.WriteLineAsync(JsonContract.Document(command, body));
    }

    /// <summary>Writes one line of <paramref name="command"/>'s JSON stream (NDJSON).</summary>
    public async Task WriteJsonLineAsync(string command, object body)
    {
        await Console.Out.WriteLineAsync(JsonContract.Document(command, body, indented: false));
        await Console.Out.FlushAsync();
    }

    /// <summary>Runs a device action, turning every failure into a message and an exit code.</summary>
    public async Task<int> RunAsync(ParseResult parse, Func<Ani4OutDevice, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        return await GuardAsync(async () =>
        {
            await using var device = await Ani4OutDevice.ConnectAsync(Target(parse, this), SessionOptions(parse), cancellationToken);
            return await action(device, cancellationToken);
        });
    }

    public async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ArgumentException ex)
        {
            // .NET appends " (Parameter 'x')"; a script's user needs only the sentence.
            var message = ex.ParamName is { } name ? ex.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : ex.Message;
            await Console.Error.WriteLineAsync(message);
            return ExitCodes.Usage;
        }
        catch (DeviceCommandRejectedException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Rejected;
        }
        catch (DeviceModelMismatchException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.WrongModel;
        }
        catch (ShureDeviceException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Unreachable;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return ExitCodes.Error;
        }
    }

    private static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? host[..(close + 1)] : host;
        }

        var colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(':', StringComparison.Ordinal) == colon ? host[..colon] : host;
    }
}
