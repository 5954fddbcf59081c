using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure gain HOST CHANNEL DB</c>, or <c>--up</c>/<c>--down</c> by a step; <c>--analog</c> for an ANI4IN input's preamp.</summary>
internal static class GainCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("gain", "Set an output's gain in dB (absolute), or move it with --up/--down. Negative values: shure gain HOST 2 -- -6.5, or -6.5 directly.");
        var channel = OutputArguments.Channel();
        var db = new Argument<string?>("DB") { Description = "Gain in dB, -110.0 to +30.0.", Arity = ArgumentArity.ZeroOrOne };
        var analog = new Option<bool>("--analog") { Description = "An ANI4IN input's preamp (analog) gain instead: 0 to 51 dB in 3 dB steps (--up/--down in multiples of 3)." };
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
        command.Options.Add(analog);
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
            else if (r.GetResult(analog) is { Implicit: false })
            {
                if (AnalogProblem(r.GetResult(db)?.Tokens, r.GetResult(up)?.Tokens, r.GetResult(down)?.Tokens) is { } problem)
                {
                    r.AddError(problem);
                }
            }
            else if (r.GetResult(db) is { Tokens: [var text, ..] } && !Gain.TryParse(text.Value, out _))
            {
                r.AddError($"'{TerminalText.Safe(text.Value)}' is not a gain between -110.0 and +30.0 dB.");
            }
        });

        // The validators above have checked the channel, the value and that exactly one was given.
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () =>
            parse.GetValue(analog)
                ? parse.GetValue(db) is { } preamp
                    ? SetAnalogAsync(s.Call(parse), parse.GetValue(channel), int.Parse(preamp, NumberStyles.Integer, CultureInfo.InvariantCulture), ct)
                    : StepAnalogAsync(s.Call(parse), parse.GetValue(channel), (int)(parse.GetValue(up) ?? -parse.GetValue(down)!.Value), ct)
                : parse.GetValue(db) is { } absolute
                    ? SetAsync(s.Call(parse), parse.GetValue(channel), Gain.Parse(absolute), ct)
                    : StepAsync(s.Call(parse), parse.GetValue(channel), parse.GetValue(up) ?? -parse.GetValue(down)!.Value, ct)));
        return command;
    }

    /// <summary>Sets ANI4IN input <paramref name="channel"/>'s preamp gain (exit 2 on another model).</summary>
    public static Task<int> SetAnalogAsync(DeviceCall call, int channel, int decibels, CancellationToken cancellationToken) =>
        call.RunAsync(async device => await ReportAnalogAsync(call, device, channel, await call.Require<Ani4InDevice>(device, "the preamp gain (--analog)", "ANI4IN").Input(channel).SetAnalogGainAsync(decibels, cancellationToken)), cancellationToken);

    /// <summary>Moves ANI4IN input <paramref name="channel"/>'s preamp gain by a multiple of 3 dB (clamped to 0..51).</summary>
    public static Task<int> StepAnalogAsync(DeviceCall call, int channel, int decibels, CancellationToken cancellationToken) =>
        call.RunAsync(async device => await ReportAnalogAsync(call, device, channel, await call.Require<Ani4InDevice>(device, "the preamp gain (--analog)", "ANI4IN").Input(channel).StepAnalogGainAsync(decibels, cancellationToken)), cancellationToken);

    // The preamp gain's rule, while parsing: 0..51 in 3 dB steps, or a step that is a multiple of 3.
    private static string? AnalogProblem(IReadOnlyList<System.CommandLine.Parsing.Token>? db, IReadOnlyList<System.CommandLine.Parsing.Token>? up, IReadOnlyList<System.CommandLine.Parsing.Token>? down)
    {
        if (db is { Count: > 0 })
        {
            return int.TryParse(db[0].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 51 && v % 3 == 0
                ? null
                : $"'{TerminalText.Safe(db[0].Value)}' is not a preamp gain: 0 to 51 dB in 3 dB steps.";
        }

        var step = up is { Count: > 0 } ? up[0].Value : down is { Count: > 0 } ? down[0].Value : null;
        return step is not null && int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 51 && n % 3 == 0
            ? null
            : $"A preamp gain step is a multiple of 3 dB up to 51, not '{TerminalText.Safe(step)}'.";
    }

    private static async Task<int> ReportAnalogAsync(DeviceCall call, ShureDevice device, int channel, int decibels)
    {
        await call.ReportAsync("gain", new { host = call.Host, model = device.Model, inputs = new[] { new { channel, analogGainDb = decibels } } }, $"Input {channel}: preamp {decibels} dB");
        return ExitCodes.Ok;
    }

    /// <summary>Sets output <paramref name="channel"/>'s gain to <paramref name="gain"/>.</summary>
    public static Task<int> SetAsync(DeviceCall call, int channel, Gain gain, CancellationToken cancellationToken) =>
        call.RunAsync(async device => await ReportAsync(call, device, channel, await device.Channels[channel - 1].SetGainAsync(gain, cancellationToken)), cancellationToken);

    /// <summary>Moves output <paramref name="channel"/>'s gain by <paramref name="decibels"/> (clamped to the range).</summary>
    public static Task<int> StepAsync(DeviceCall call, int channel, double decibels, CancellationToken cancellationToken) =>
        call.RunAsync(async device => await ReportAsync(call, device, channel, await device.Channels[channel - 1].StepGainAsync(decibels, cancellationToken)), cancellationToken);

    private static async Task<int> ReportAsync(DeviceCall call, ShureDevice device, int channel, Gain result)
    {
        var json = new Dictionary<string, object?> { ["host"] = call.Host, ["model"] = device.Model, [DeviceCall.ChannelsKey(device)] = new[] { new { channel, gainDb = result.Decibels } } };
        await call.ReportAsync("gain", json, $"{DeviceCall.ChannelWord(device)} {channel}: {result}");
        return ExitCodes.Ok;
    }
}
