using System;
using System.Collections.Generic;
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
        var command = s.NewCommand("mute", "Mute, unmute or toggle an output (an ANI4IN's input), or all of them.");
        var channel = new Argument<string>("CHANNEL") { Description = "Output 1-4, or 'all'." };
        channel.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string>();
            if (!IsAll(text) && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 4))
            {
                r.AddError($"'{TerminalText.Safe(text)}' is not a channel: outputs are 1-4 (inputs on an ANI4IN), or 'all'.");
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
        var channels = channel is { } n ? [device.Channels[n - 1]] : device.Channels.ToArray();
        foreach (var c in channels)
        {
            _ = muted is { } on ? await c.SetMuteAsync(on, cancellationToken) : await c.ToggleMuteAsync(cancellationToken);
        }

        var json = new Dictionary<string, object?> { ["host"] = call.Host, ["model"] = device.Model, [DeviceCall.ChannelsKey(device)] = channels.Select(c => new { channel = c.Channel, muted = c.IsMuted }).ToArray() };
        await call.ReportAsync("mute", json, string.Join(Environment.NewLine, channels.Select(c => $"{DeviceCall.ChannelWord(device)} {c.Channel}: {(c.IsMuted == true ? "muted" : "unmuted")}")));
        return ExitCodes.Ok;
    }, cancellationToken);

    private static bool IsAll(string? text) => string.Equals(text, "all", StringComparison.OrdinalIgnoreCase);
}
