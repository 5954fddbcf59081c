using System.CommandLine;

namespace ShureDrivers.Cli.Commands;

/// <summary>The commands that talk to one device, sharing one set of HOST, --port, --timeout, --loopback, --interface and --json.</summary>
internal static class DeviceCommands
{
    public static Command[] Create(CliConsole console)
    {
        var s = new DeviceCommandSupport(console);
        return
        [
            SnapshotCommand.Create(s), StatusCommand.Create(s), GainCommand.Create(s), MuteCommand.Create(s), LevelCommand.Create(s), PhantomCommand.Create(s), PresetCommand.Create(s),
            IdentifyCommand.Create(s), MeterCommand.Create(s), RawCommand.Create(s), ProbeCommand.Create(s),
        ];
    }
}
