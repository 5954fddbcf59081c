using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure gain HOST CHANNEL DB</c>, or <c>--up</c>/<c>--down</c> by a step.</summary>
internal static class GainCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("gain", "Set an output's gain in dB (absolute), or move it with --up/--down. Negative values: shure gain HOST 2 -- -6.5, or -6.5 directly.");
        var channel = OutputArguments.Channel();
        var db = new Argument<string?>("DB") { Description = "Gain in dB, -110.0 to +30.0.", Arity = ArgumentArity.ZeroOrOne };
        db.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !Gain.TryParse(text, out _))
            {
                r.AddError($"'{TerminalText.Safe(text)}' is not a gain between -110.0 and +30.0 dB.");
            }
        });
        var up = new Option<double?>("--up") { Description = "Raise by this many dB (clamped at +30)." };
        var down = new Option<double?>("--down") { Description = "Lower by this many dB (clamped at -110)." };
        foreach (var step in new[] { up, down })
        {
            step.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<double?>() is { } v && (double.IsNaN(v) || v < 0 || v > 140))
                {
                    r.AddError("--up and --down take a positive number of dB up to 140.");
                }
            });
        }

        command.Arguments.Add(channel);
        command.Arguments.Add(db);
        command.Options.Add(up);
        command.Options.Add(down);
        command.Validators.Add(r =>
        {
            // Tokens, not values: reading a value here would skip that symbol's own validator (System.CommandLine 2.0.15).
            var given = (r.GetResult(db) is { Tokens.Count: > 0 } ? 1 : 0) + (r.GetResult(up) is { Implicit: false } ? 1 : 0) + (r.GetResult(down) is { Implicit: false } ? 1 : 0);
            if (given != 1)
            {
                r.AddError("Give exactly one of DB, --up or --down.");
            }
        });

        // The validators above have checked the channel, the value and that exactly one was given.
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () => parse.GetValue(db) is { } absolute
            ? SetAsync(s.Call(parse), parse.GetValue(channel), Gain.Parse(absolute), ct)
            : StepAsync(s.Call(parse), parse.GetValue(channel), parse.GetValue(up) ?? -parse.GetValue(down)!.Value, ct)));
        return command;
    }

    /// <summary>Sets output <paramref name="channel"/>'s gain to <paramref name="gain"/>.</summary>
    public static Task<int> SetAsync(DeviceCall call, int channel, Gain gain, CancellationToken cancellationToken) =>
        call.RunAsync(async device => await ReportAsync(call, channel, await device.Output(channel).SetGainAsync(gain, cancellationToken)), cancellationToken);

    /// <summary>Moves output <paramref name="channel"/>'s gain by <paramref name="decibels"/> (clamped to the range).</summary>
    public static Task<int> StepAsync(DeviceCall call, int channel, double decibels, CancellationToken cancellationToken) =>
        call.RunAsync(async device => await ReportAsync(call, channel, await device.Output(channel).StepGainAsync(decibels, cancellationToken)), cancellationToken);

    private static async Task<int> ReportAsync(DeviceCall call, int channel, Gain result)
    {
        await call.ReportAsync("gain", new { host = call.Host, outputs = new[] { new { channel, gainDb = result.Decibels } } }, $"Output {channel}: {result}");
        return ExitCodes.Ok;
    }
}
