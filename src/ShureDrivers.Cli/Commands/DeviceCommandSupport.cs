using System;
using System.CommandLine;
using ShureDrivers.Discovery;
using ShureDrivers.Internal;

namespace ShureDrivers.Cli.Commands;

/// <summary>
/// The options every device command shares (HOST, --port, --timeout, --loopback, --interface, --json) for one command
/// tree, and the one place a command line becomes typed values: <see cref="Call"/>, <c>DiscoveryOptions</c>.
/// </summary>
internal sealed class DeviceCommandSupport
{
    public DeviceCommandSupport(CliConsole console)
    {
        Console = console;
    }

    public CliConsole Console { get; }

    public Argument<string> Host { get; } = CliOptions.Host();

    public Option<int?> Port { get; } = CliOptions.Port();

    public Option<double> Timeout { get; } = CliOptions.Timeout("Seconds to wait for the connection and for each reply.", 5);

    public Option<bool> Loopback { get; } = CliOptions.Loopback();

    public Option<string[]> Interface { get; } = CliOptions.Interface();

    public Option<bool> JsonOutput { get; } = CliOptions.Json();

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

    /// <summary>The typed values of a device command's shared options.</summary>
    /// <exception cref="ArgumentException">HOST is not a host (the core's parser says why).</exception>
    public DeviceCall Call(ParseResult parse)
    {
        var host = parse.GetValue(Host)!;
        return new DeviceCall(Console, host, Target(host, parse.GetValue(Port)), SessionOptions(parse), parse.GetValue(JsonOutput));
    }

    /// <summary>How .local names and room-file locators are searched: --loopback, --interface, and -v's logging.</summary>
    public DiscoveryOptions DiscoveryOptions(ParseResult parse) => DiscoveryOptions(parse, Console, parse.GetValue(Loopback), parse.GetValue(Interface));

    /// <summary>Discovery options from --loopback and --interface values, logging as -v says.</summary>
    public static DiscoveryOptions DiscoveryOptions(ParseResult parse, CliConsole console, bool loopback, string[]? interfaces)
    {
        var options = new DiscoveryOptions { LoopbackOnly = loopback, LoggerFactory = Verbosity.LoggerFactory(parse, console) };
        foreach (var name in interfaces ?? [])
        {
            options.Interfaces.Add(name);
        }

        return options;
    }

    /// <summary>The host with <paramref name="port"/> applied, so "host:port" and --port agree (--port wins).</summary>
    /// <exception cref="ArgumentException"><paramref name="host"/> is not a host (the core's parser says why).</exception>
    public static string Target(string host, int? port)
    {
        var (name, _) = HostAndPort.Parse(host);
        if (port is not { } p)
        {
            return host;
        }

        return (name.Contains(':', StringComparison.Ordinal) ? "[" + name + "]" : name) + ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private DeviceSessionOptions SessionOptions(ParseResult parse)
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
}
