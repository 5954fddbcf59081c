using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure mute HOST CHANNEL|all on|off|toggle</c>.</summary>
internal static class MuteCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("mute", "Mute, unmute or toggle an output, or all of them.");
        var channel = new Argument<string>("CHANNEL") { Description = "Output 1-4, or 'all'." };
        channel.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string>();
            if (!IsAll(text) && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 4))
            {
                r.AddError($"'{TerminalText.Safe(text)}' is not an output: outputs are 1-4, or 'all'.");
            }
        });
        var state = new Argument<string>("STATE") { Description = "on, off or toggle." };
        state.AcceptOnlyFromAmong("on", "off", "toggle");
        command.Arguments.Add(channel);
        command.Arguments.Add(state);
        command.SetAction((parse, ct) =>
        {
            var which = parse.GetValue(channel)!;
            var mode = parse.GetValue(state)!;
            int? output = IsAll(which) ? null : int.Parse(which, NumberStyles.None, CultureInfo.InvariantCulture);
            bool? muted = mode == "toggle" ? null : mode == "on";
            return CommandErrors.GuardAsync(s.Console, () => RunAsync(s.Call(parse), output, muted, ct));
        });
        return command;
    }

    /// <summary>Mutes (true), unmutes (false) or toggles (null) output <paramref name="channel"/>, or every output when it is null.</summary>
    public static Task<int> RunAsync(DeviceCall call, int? channel, bool? muted, CancellationToken cancellationToken) => call.RunAsync(async device =>
    {
        var outputs = channel is { } n ? [device.Output(n)] : device.Outputs.ToArray();
        foreach (var o in outputs)
        {
            _ = muted is { } on ? await o.SetMuteAsync(on, cancellationToken) : await o.ToggleMuteAsync(cancellationToken);
        }

        await call.ReportAsync("mute", new { host = call.Host, outputs = outputs.Select(o => new { channel = o.Channel, muted = o.IsMuted }).ToArray() },
            string.Join(Environment.NewLine, outputs.Select(o => $"Output {o.Channel}: {(o.IsMuted == true ? "muted" : "unmuted")}")));
        return ExitCodes.Ok;
    }, cancellationToken);

    private static bool IsAll(string? text) => string.Equals(text, "all", StringComparison.OrdinalIgnoreCase);
}
