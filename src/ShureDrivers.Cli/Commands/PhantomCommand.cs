using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure phantom HOST CHANNEL on|off</c>: an ANI4IN input's 48 V phantom power.</summary>
internal static class PhantomCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("phantom", "Turn an ANI4IN input's 48 V phantom power on or off (exit 2 on another model, nothing changed).");
        var channel = OutputArguments.Channel();
        var state = new Argument<string>("STATE") { Description = "on or off." };
        state.AcceptOnlyFromAmong("on", "off");
        command.Arguments.Add(channel);
        command.Arguments.Add(state);
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () => RunAsync(s.Call(parse), parse.GetValue(channel), parse.GetValue(state) == "on", ct)));
        return command;
    }

    /// <summary>Sets input <paramref name="channel"/>'s phantom power and reports what the device says.</summary>
    public static Task<int> RunAsync(DeviceCall call, int channel, bool on, CancellationToken cancellationToken) => call.RunAsync(async device =>
    {
        var input = call.Require<Ani4InDevice>(device, "phantom power", "ANI4IN").Input(channel);
        var powered = await input.SetPhantomPowerAsync(on, cancellationToken);
        await call.ReportAsync("phantom", new { host = call.Host, model = device.Model, inputs = new[] { new { channel, phantom = powered } } }, $"Input {channel}: phantom power {(powered ? "on" : "off")}");
        return ExitCodes.Ok;
    }, cancellationToken);
}
