using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure identify HOST [--off]</c>.</summary>
internal static class IdentifyCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("identify", "Flash the device's LEDs (about 30 s), or stop with --off.");
        var off = new Option<bool>("--off") { Description = "Stop flashing." };
        command.Options.Add(off);
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () => RunAsync(s.Call(parse), !parse.GetValue(off), ct)));
        return command;
    }

    /// <summary>Starts (true) or stops (false) flashing.</summary>
    public static Task<int> RunAsync(DeviceCall call, bool on, CancellationToken cancellationToken) => call.RunAsync(async device =>
    {
        await device.IdentifyAsync(on, cancellationToken);
        await call.ReportAsync("identify", new { host = call.Host, model = device.Model, identifying = device.IsIdentifying }, device.IsIdentifying == true ? "Flashing." : "Not flashing.");
        return ExitCodes.Ok;
    }, cancellationToken);
}
