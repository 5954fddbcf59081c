using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;

namespace ShureDrivers.Cli.Commands;

/// <summary>The commands that talk to a device: status, gain, mute, level, preset, identify, meter, raw.</summary>
internal static class DeviceCommands
{
    public static Command[] Create(CliConsole console)
    {
        var s = new DeviceCommandSupport(console);
        return [Status(s), GainCommand(s), Mute(s), Level(s), Preset(s), Identify(s), Meter(s), Raw(s)];
    }

    private static Command Status(DeviceCommandSupport s)
    {
        var command = s.NewCommand("status", "Device information, the active preset, and each output's name, gain, mute and level.");
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, _) =>
        {
            if (parse.GetValue(s.JsonOutput))
            {
                await s.WriteJsonAsync(new
                {
                    model = device.Model,
                    serial = device.SerialNumber,
                    firmware = device.FirmwareVersionText,
                    deviceId = device.DeviceId,
                    mac = device.ControlMacAddress,
                    danteName = device.DanteDeviceName,
                    danteAddress = device.DanteAddress?.ToString(),
                    preset = device.ActivePreset,
                    ledBrightness = device.LedBrightness,
                    meterRateMs = device.MeterRate,
                    identifying = device.IsIdentifying,
                    summingMode = device.SummingMode,
                    meterMode = device.OutputMeterMode,
                    outputs = device.Outputs.Select(o => new
                    {
                        channel = o.Channel,
                        name = o.Name,
                        gainDb = o.Gain?.Decibels,
                        muted = o.IsMuted,
                        level = o.Level?.ToString().ToLowerInvariant(),
                        clipping = o.IsClipping,
                        limiting = o.IsLimiting,
                    }),
                });
                return ExitCodes.Ok;
            }

            // A value the device did not give (its firmware has no GET for it) prints as "unknown", never as a default.
            var console = s.Console.Out;
            await console.WriteLineAsync($"{Show(device.Model)} {Show(device.DeviceId)}  serial {Show(device.SerialNumber)}  firmware {Show(device.FirmwareVersionText)}");
            await console.WriteLineAsync($"MAC {Show(device.ControlMacAddress)}  Dante {Show(device.DanteDeviceName)} {Show(device.DanteAddress)}  preset {Show(device.ActivePreset?.ToString("00", CultureInfo.InvariantCulture))}");
            await console.WriteLineAsync($"LED {Show(device.LedBrightness)}  meter rate {Show(device.MeterRate)}  identify {OnOff(device.IsIdentifying)}  summing {Show(device.SummingMode)}  meter {Show(device.OutputMeterMode)}");
            await console.WriteLineAsync($"{"CH",-3} {"NAME",-32} {"GAIN",10} {"MUTE",-7} {"LEVEL",-7} {"CLIP",-7} LIMIT");
            foreach (var o in device.Outputs)
            {
                await console.WriteLineAsync($"{o.Channel,-3} {Show(o.Name),-32} {Show(o.Gain),10} {OnOff(o.IsMuted),-7} {Show(o.Level?.ToString().ToLowerInvariant()),-7} {OnOff(o.IsClipping),-7} {OnOff(o.IsLimiting)}");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static string Show(object? value) => value is null ? "unknown" : TerminalText.Safe(value.ToString());

    private static string OnOff(bool? value) => value switch { true => "on", false => "off", null => "unknown" };

    private static Command GainCommand(DeviceCommandSupport s)
    {
        var command = s.NewCommand("gain", "Set an output's gain in dB (absolute), or move it with --up/--down. Negative values: shure gain HOST 2 -- -6.5, or -6.5 directly.");
        var channel = new Argument<int>("CHANNEL") { Description = "Output 1-4." };
        var db = new Argument<string?>("DB") { Description = "Gain in dB, -110.0 to +30.0.", Arity = ArgumentArity.ZeroOrOne };
        var up = new Option<double?>("--up") { Description = "Raise by this many dB (clamped at +30)." };
        var down = new Option<double?>("--down") { Description = "Lower by this many dB (clamped at -110)." };
        command.Arguments.Add(channel);
        command.Arguments.Add(db);
        command.Options.Add(up);
        command.Options.Add(down);
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, token) =>
        {
            var output = device.Output(CheckChannel(parse.GetValue(channel)));
            var absolute = parse.GetValue(db);
            var (u, d) = (parse.GetValue(up), parse.GetValue(down));
            if ((absolute is null ? 0 : 1) + (u is null ? 0 : 1) + (d is null ? 0 : 1) != 1)
            {
                throw new ArgumentException("Give exactly one of DB, --up or --down.");
            }

            Gain result;
            if (absolute is not null)
            {
                if (!Gain.TryParse(absolute, out var gain))
                {
                    throw new ArgumentException($"'{absolute}' is not a gain between -110.0 and +30.0 dB.");
                }

                result = await output.SetGainAsync(gain, token);
            }
            else
            {
                var step = u ?? -d!.Value;
                if (double.IsNaN(step) || Math.Abs(step) > 140 || (u ?? d) < 0)
                {
                    throw new ArgumentException("--up and --down take a positive number of dB up to 140.");
                }

                result = await output.StepGainAsync(step, token);
            }

            await Report(s, parse, new { channel = output.Channel, gainDb = result.Decibels }, $"Output {output.Channel}: {result}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Mute(DeviceCommandSupport s)
    {
        var command = s.NewCommand("mute", "Mute, unmute or toggle an output, or all of them.");
        var channel = new Argument<string>("CHANNEL") { Description = "Output 1-4, or 'all'." };
        var state = new Argument<string>("STATE") { Description = "on, off or toggle." };
        state.AcceptOnlyFromAmong("on", "off", "toggle");
        command.Arguments.Add(channel);
        command.Arguments.Add(state);
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, token) =>
        {
            var which = parse.GetValue(channel)!;
            var mode = parse.GetValue(state)!;
            var outputs = string.Equals(which, "all", StringComparison.OrdinalIgnoreCase)
                ? device.Outputs.ToArray()
                : [device.Output(CheckChannel(ParseChannel(which)))];
            foreach (var o in outputs)
            {
                _ = mode == "toggle" ? await o.ToggleMuteAsync(token) : await o.SetMuteAsync(mode == "on", token);
            }

            await Report(s, parse, outputs.Select(o => new { channel = o.Channel, muted = o.IsMuted }).ToArray(),
                string.Join(Environment.NewLine, outputs.Select(o => $"Output {o.Channel}: {(o.IsMuted == true ? "muted" : "unmuted")}")));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Level(DeviceCommandSupport s)
    {
        var command = s.NewCommand("level", "Set an output's analog level: line, aux or mic.");
        var channel = new Argument<int>("CHANNEL") { Description = "Output 1-4." };
        var level = new Argument<string>("LEVEL") { Description = "line, aux or mic." };
        level.AcceptOnlyFromAmong("line", "aux", "mic");
        command.Arguments.Add(channel);
        command.Arguments.Add(level);
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, token) =>
        {
            var output = device.Output(CheckChannel(parse.GetValue(channel)));
            var value = Enum.Parse<OutputLevel>(parse.GetValue(level)!, ignoreCase: true); // only line, aux or mic get this far
            await output.SetLevelAsync(value, token);
            await Report(s, parse, new { channel = output.Channel, level = output.Level?.ToString().ToLowerInvariant() }, $"Output {output.Channel}: {output.Level?.ToString().ToLowerInvariant()}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Preset(DeviceCommandSupport s)
    {
        var command = s.NewCommand("preset", "Recall preset N (1-10), or without N show the active preset and the preset names.");
        var number = new Argument<int?>("N") { Description = "Preset 1-10.", Arity = ArgumentArity.ZeroOrOne };
        command.Arguments.Add(number);
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, token) =>
        {
            if (parse.GetValue(number) is { } n)
            {
                if (n is < 1 or > 10)
                {
                    throw new ArgumentException("Presets are 1 to 10.");
                }

                await device.RecallPresetAsync(n, token);
            }

            var names = Enumerable.Range(1, 10).Select(i => new { preset = i, name = device.GetPresetName(i) }).ToArray();
            if (parse.GetValue(s.JsonOutput))
            {
                await s.WriteJsonAsync(new { active = device.ActivePreset, presets = names });
            }
            else
            {
                await s.Console.Out.WriteLineAsync($"Active preset: {device.ActivePreset:00}");
                foreach (var p in names.Where(p => !string.IsNullOrEmpty(p.name)))
                {
                    await s.Console.Out.WriteLineAsync($"{p.preset,2}  {p.name}");
                }
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Identify(DeviceCommandSupport s)
    {
        var command = s.NewCommand("identify", "Flash the device's LEDs (about 30 s), or stop with --off.");
        var off = new Option<bool>("--off") { Description = "Stop flashing." };
        command.Options.Add(off);
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, token) =>
        {
            await device.IdentifyAsync(!parse.GetValue(off), token);
            await Report(s, parse, new { identifying = device.IsIdentifying }, device.IsIdentifying == true ? "Flashing." : "Not flashing.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Meter(DeviceCommandSupport s)
    {
        var command = s.NewCommand("meter", "Print meter readings (dBFS per output) until --count readings or Ctrl+C; stops metering on exit.");
        var rate = new Option<int>("--rate") { Description = "Milliseconds between readings (100-99999).", DefaultValueFactory = _ => 500 };
        var count = new Option<int?>("--count") { Description = "Stop after this many readings." };
        command.Options.Add(rate);
        command.Options.Add(count);
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, token) =>
        {
            var milliseconds = parse.GetValue(rate);
            if (milliseconds is < 100 or > 99999)
            {
                throw new ArgumentException("--rate must be 100 to 99999 ms.");
            }

            var limit = parse.GetValue(count);
            if (limit is < 1)
            {
                throw new ArgumentException("--count must be at least 1.");
            }

            using var feed = await device.StartMeteringAsync(milliseconds, cancellationToken: token);
            var json = parse.GetValue(s.JsonOutput);
            var seen = 0;
            try
            {
                await foreach (var reading in feed.WithCancellation(token))
                {
                    var line = json
                        ? System.Text.Json.JsonSerializer.Serialize(new { time = reading.Timestamp, dbfs = new[] { reading[1], reading[2], reading[3], reading[4] } })
                        : string.Format(CultureInfo.InvariantCulture, "{0:HH:mm:ss.fff}  {1,6:0} {2,6:0} {3,6:0} {4,6:0} dBFS", reading.Timestamp, reading[1], reading[2], reading[3], reading[4]);
                    await s.Console.Out.WriteLineAsync(line);
                    if (limit is { } l && ++seen >= l)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Ctrl+C: the device object sets the meter rate back to 0 as it closes.
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Raw(DeviceCommandSupport s)
    {
        var command = s.NewCommand("raw", "Send one command string, e.g. \"< GET 1 AUDIO_MUTE >\", and print the replies.", json: false);
        var frame = new Argument<string>("COMMAND") { Description = "A GET or SET frame. Checked against the ANI4OUT command table before sending." };
        command.Arguments.Add(frame);
        command.SetAction((parse, ct) => s.GuardAsync(async () =>
        {
            var text = parse.GetValue(frame)!;
            if (!CommandStringParser.Ani4Out.TryParse(text, out var request) || request.Kind is not (CommandKind.Get or CommandKind.Set))
            {
                throw new ArgumentException($"'{text}' is not a GET or SET command string.");
            }

            await using var session = new DeviceSession(DeviceCommandSupport.Target(parse, s), s.SessionOptions(parse));
            var replies = new System.Collections.Concurrent.ConcurrentQueue<string>();
            session.ReportReceived += (_, e) => replies.Enqueue(CommandStringFormatter.Ani4Out.Format(e.Report));
            await session.StartAsync(ct);
            Ani4OutCommandTable.Table.TryGetParameter(request.Name, out var row);
            if (row is { HasReply: false })
            {
                await session.SendAsync(request, ct);
                await s.Console.Out.WriteLineAsync("(sent; the device does not answer this command)");
                return ExitCodes.Ok;
            }

            int result;
            try
            {
                var reply = await session.QueryAsync(request, ct);
                await s.Console.Out.WriteLineAsync(CommandStringFormatter.Ani4Out.Format(reply));
                result = ExitCodes.Ok;
            }
            catch (DeviceCommandRejectedException)
            {
                await s.Console.Out.WriteLineAsync("< REP ERR >");
                result = ExitCodes.Rejected;
            }

            // GET 0 / GET ALL are answered by several REPs with no end marker: print what follows for a moment.
            if (request.Channel == 0 || request.Name == "ALL")
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
                foreach (var extra in replies.Skip(1))
                {
                    await s.Console.Out.WriteLineAsync(extra);
                }
            }

            return result;
        }));
        return command;
    }

    private static async Task Report(DeviceCommandSupport s, ParseResult parse, object json, string text)
    {
        if (parse.GetValue(s.JsonOutput))
        {
            await s.WriteJsonAsync(json);
        }
        else
        {
            await s.Console.Out.WriteLineAsync(text);
        }
    }

    private static int ParseChannel(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var channel) ? channel : throw new ArgumentException($"'{text}' is not an output number (1-4) or 'all'.");

    private static int CheckChannel(int channel) =>
        channel is >= 1 and <= 4 ? channel : throw new ArgumentException($"Output {channel} does not exist: outputs are 1-4.");
}
