using System;
using System.IO;
using ShureDrivers.Cli;
using ShureDrivers.Cli.Commands;

namespace ShureDrivers.Tests.Support;

/// <summary>A device command's typed values for calling its handler in memory: no command line, no TCP.</summary>
internal static class InMemoryCall
{
    public static DeviceCall For(DeviceConnector connector, TextWriter output, TextWriter error, bool json = false, string target = "sim.test") => new(
        new CliConsole(output, error, TextReader.Null),
        target,
        target,
        new DeviceSessionOptions
        {
            Connector = connector,
            AutoReconnect = false,
            KeepAliveInterval = TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            CommandTimeout = TimeSpan.FromSeconds(5),
        },
        json);
}
