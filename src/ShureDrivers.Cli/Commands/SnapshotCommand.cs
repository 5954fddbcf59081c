using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Rooms;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure snapshot HOST</c>: the device's current state as a room file.</summary>
internal static class SnapshotCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("snapshot", "Print a device's current preset and outputs as a room file (shure snapshot HOST > room.json).", json: false);
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () => RunAsync(s.Call(parse), ct)));
        return command;
    }

    /// <summary>Prints the device as a room file whose locator is the target it was reached at.</summary>
    public static Task<int> RunAsync(DeviceCall call, CancellationToken cancellationToken) => call.RunAsync(async device =>
    {
        var room = RoomApplier.Snapshot(device, device.DeviceId ?? call.Host, new RoomDeviceLocator { Host = call.Target });
        await call.Console.Out.WriteLineAsync(room.ToJson());
        return ExitCodes.Ok;
    }, cancellationToken);
}
