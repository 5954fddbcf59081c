using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure level HOST CHANNEL line|aux|mic</c>.</summary>
internal static class LevelCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("level", "Set an output's analog level: line, aux or mic.");
        var channel = OutputArguments.Channel();
        var level = new Argument<string>("LEVEL") { Description = "line, aux or mic." };
        level.AcceptOnlyFromAmong("line", "aux", "mic");
        command.Arguments.Add(channel);
        command.Arguments.Add(level);

        // Only line, aux or mic get this far.
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () =>
            RunAsync(s.Call(parse), parse.GetValue(channel), Enum.Parse<OutputLevel>(parse.GetValue(level)!, ignoreCase: true), ct)));
        return command;
    }

    /// <summary>Sets output <paramref name="channel"/>'s analog level.</summary>
    public static Task<int> RunAsync(DeviceCall call, int channel, OutputLevel level, CancellationToken cancellationToken) => call.RunAsync(async device =>
    {
        var output = call.Require<Ani4OutDevice>(device, "the output level", "ANI4OUT").Output(channel);
        await output.SetLevelAsync(level, cancellationToken);
        var text = output.Level?.ToString().ToLowerInvariant();
        await call.ReportAsync("level", new { host = call.Host, model = device.Model, outputs = new[] { new { channel = output.Channel, level = text } } }, $"Output {output.Channel}: {text}");
        return ExitCodes.Ok;
    }, cancellationToken);
}
