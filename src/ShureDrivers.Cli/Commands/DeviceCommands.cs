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
        return [Status(s), GainCommand(s), Mute(s), Level(s), Preset(s), Identify(s), Meter(s), Raw(s), ProbeCommand.Create(s)];
    }

    private static Command Status(DeviceCommandSupport s)
    {
        var command = s.NewCommand("status", "Device information, the active preset, and each output's name, gain, mute and level.");
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, _) =>
        {
            if (parse.GetValue(s.JsonOutput))
            {
                await s.WriteJsonAsync("status", new
                {
                    host = parse.GetValue(s.Host),
                    model = device.Model,
                    serial = device.SerialNumber,
                    firmware = device.FirmwareVersionText,
                    deviceId = device.DeviceId,
                    mac = device.ControlMacAddress,
                    dante = new { name = device.DanteDeviceName, address = device.DanteAddress?.ToString() },
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
            if (s.Console.Terminal is { } terminal)
            {
                StatusView.Write(terminal, device);
                return ExitCodes.Ok;
            }

            var console = s.Console.Out;
            await console.WriteLineAsync($"{Show(device.Model)} {Show(device.DeviceId)}  serial {Show(device.SerialNumber)}  firmware {Show(device.FirmwareVersionText)}");
            await console.WriteLineAsync($"MAC {Show(device.ControlMacAddress)}  Dante {Show(device.DanteDeviceName)} {Show(device.DanteAddress)}  preset {StatusView.Preset(device.ActivePreset)}");
            await console.WriteLineAsync($"LED {Show(device.LedBrightness)}  meter rate {Show(device.MeterRate)}  identify {OnOff(device.IsIdentifying)}  summing {Show(device.SummingMode)}  meter {Show(device.OutputMeterMode)}");
            await console.WriteLineAsync($"{"CH",-3} {"NAME",-32} {"GAIN",10} {"MUTE",-7} {"LEVEL",-7} {"CLIP",-7} LIMIT");
            foreach (var o in device.Outputs)
            {
                await console.WriteLineAsync($"{o.Channel,-3} {Show(o.Name),-32} {Show(o.Gain),10} {Mark(o.IsMuted, "MUTED"),-7} {Show(o.Level?.ToString().ToLowerInvariant()),-7} {Mark(o.IsClipping, "CLIP"),-7} {Mark(o.IsLimiting, "LIMIT")}");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static string Show(object? value) => value is null ? "unknown" : TerminalText.Safe(value.ToString());

    private static string OnOff(bool? value) => value switch { true => "on", false => "off", null => "unknown" };

    // A state worth seeing stands out; its absence is a dash.
    private static string Mark(bool? value, string label) => value switch { true => label, false => "-", null => "unknown" };

    private static Command GainCommand(DeviceCommandSupport s)
    {
        var command = s.NewCommand("gain", "Set an output's gain in dB (absolute), or move it with --up/--down. Negative values: shure gain HOST 2 -- -6.5, or -6.5 directly.");
        var channel = ChannelArgument();
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
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, token) =>
        {
            // The validators above have checked the channel, the value and that exactly one was given.
            var output = device.Output(parse.GetValue(channel));
            var result = parse.GetValue(db) is { } absolute
                ? await output.SetGainAsync(Gain.Parse(absolute), token)
                : await output.StepGainAsync(parse.GetValue(up) ?? -parse.GetValue(down)!.Value, token);

            await Report(s, parse, "gain", new { host = parse.GetValue(s.Host), outputs = new[] { new { channel = output.Channel, gainDb = result.Decibels } } }, $"Output {output.Channel}: {result}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Mute(DeviceCommandSupport s)
    {
        var command = s.NewCommand("mute", "Mute, unmute or toggle an output, or all of them.");
        var channel = new Argument<string>("CHANNEL") { Description = "Output 1-4, or 'all'." };
        channel.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string>();
            if (!string.Equals(text, "all", StringComparison.OrdinalIgnoreCase) && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 4))
            {
                r.AddError($"'{TerminalText.Safe(text)}' is not an output: outputs are 1-4, or 'all'.");
            }
        });
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
                : [device.Output(int.Parse(which, NumberStyles.None, CultureInfo.InvariantCulture))];
            foreach (var o in outputs)
            {
                _ = mode == "toggle" ? await o.ToggleMuteAsync(token) : await o.SetMuteAsync(mode == "on", token);
            }

            await Report(s, parse, "mute", new { host = parse.GetValue(s.Host), outputs = outputs.Select(o => new { channel = o.Channel, muted = o.IsMuted }).ToArray() },
                string.Join(Environment.NewLine, outputs.Select(o => $"Output {o.Channel}: {(o.IsMuted == true ? "muted" : "unmuted")}")));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Level(DeviceCommandSupport s)
    {
        var command = s.NewCommand("level", "Set an output's analog level: line, aux or mic.");
        var channel = ChannelArgument();
        var level = new Argument<string>("LEVEL") { Description = "line, aux or mic." };
        level.AcceptOnlyFromAmong("line", "aux", "mic");
        command.Arguments.Add(channel);
        command.Arguments.Add(level);
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, token) =>
        {
            var output = device.Output(parse.GetValue(channel));
            var value = Enum.Parse<OutputLevel>(parse.GetValue(level)!, ignoreCase: true); // only line, aux or mic get this far
            await output.SetLevelAsync(value, token);
            await Report(s, parse, "level", new { host = parse.GetValue(s.Host), outputs = new[] { new { channel = output.Channel, level = output.Level?.ToString().ToLowerInvariant() } } }, $"Output {output.Channel}: {output.Level?.ToString().ToLowerInvariant()}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Preset(DeviceCommandSupport s)
    {
        var command = s.NewCommand("preset", "Recall preset N (1-10), or without N show the active preset and the preset names.");
        var number = new Argument<int?>("N") { Description = "Preset 1-10.", Arity = ArgumentArity.ZeroOrOne };
        number.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 10)
            {
                r.AddError("Presets are 1 to 10.");
            }
        });
        command.Arguments.Add(number);
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, token) =>
        {
            if (parse.GetValue(number) is { } n)
            {
                await device.RecallPresetAsync(n, token);
            }

            var names = Enumerable.Range(1, 10).Select(i => new { preset = i, name = device.GetPresetName(i) }).ToArray();
            if (parse.GetValue(s.JsonOutput))
            {
                await s.WriteJsonAsync("preset", new { host = parse.GetValue(s.Host), active = device.ActivePreset, presets = names });
            }
            else
            {
                await s.Console.Out.WriteLineAsync($"Active preset: {StatusView.Preset(device.ActivePreset)}");
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
            await Report(s, parse, "identify", new { host = parse.GetValue(s.Host), identifying = device.IsIdentifying }, device.IsIdentifying == true ? "Flashing." : "Not flashing.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Meter(DeviceCommandSupport s)
    {
        var command = s.NewCommand("meter", "Show meter readings (dBFS per output) until --count readings or Ctrl+C; stops metering on exit. Fails (exit 3) when readings stop for --timeout or three intervals, whichever is longer.");
        var rate = new Option<int>("--rate") { Description = "Milliseconds between readings (100-99999).", DefaultValueFactory = _ => 500 };
        rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 100 or > 99999)
            {
                r.AddError("--rate must be 100 to 99999 ms.");
            }
        });
        var count = new Option<int?>("--count") { Description = "Stop after this many readings." };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--count must be at least 1.");
            }
        });
        command.Options.Add(rate);
        command.Options.Add(count);
        command.SetAction((parse, ct) => s.RunAsync(parse, async (device, token) =>
        {
            var milliseconds = parse.GetValue(rate);
            var limit = parse.GetValue(count);
            var silence = TimeSpan.FromMilliseconds(Math.Max(3 * milliseconds, parse.GetValue(s.Timeout) * 1000));
            using var feed = await device.StartMeteringAsync(milliseconds, cancellationToken: token);
            var json = parse.GetValue(s.JsonOutput);
            var target = DeviceCommandSupport.Target(parse, s);

            // Hands each reading to show until --count, Ctrl+C or SIGTERM; fails when readings stop.
            async Task ReadAsync(Func<MeterReading, Task> show)
            {
                for (var seen = 0; limit is not { } l || seen < l; seen++)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                    wait.CancelAfter(silence);
                    MeterReading reading;
                    try
                    {
                        reading = await feed.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        return; // the device object sets the meter rate back to 0 as it closes
                    }
                    catch (OperationCanceledException)
                    {
                        throw new DeviceTimeoutException($"No meter reading for {silence.TotalSeconds:0.#} s.", silence, target);
                    }
                    catch (System.Threading.Channels.ChannelClosedException)
                    {
                        throw new DeviceConnectionException("The device closed the connection while metering.", target);
                    }

                    await show(reading);
                }
            }

            if (json)
            {
                await ReadAsync(r => s.WriteJsonLineAsync("meter", new { host = parse.GetValue(s.Host), time = r.Timestamp, dbfs = new[] { r[1], r[2], r[3], r[4] } }));
            }
            else if (s.Console.Terminal is { } terminal)
            {
                await MeterView.RunAsync(terminal, device, ReadAsync);
            }
            else
            {
                await ReadAsync(r => s.Console.Out.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "{0:HH:mm:ss.fff}  {1,6:0} {2,6:0} {3,6:0} {4,6:0} dBFS", r.Timestamp, r[1], r[2], r[3], r[4])));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Raw(DeviceCommandSupport s)
    {
        var command = s.NewCommand("raw", "Send one command string, e.g. \"< GET 1 AUDIO_MUTE >\", and print the frames the device sends back, as received.", json: false);
        var frame = new Argument<string>("COMMAND") { Description = "A GET or SET frame. Checked against the ANI4OUT command table before sending." };
        frame.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string>();
            if (!CommandStringParser.Ani4Out.TryParse(text, out var parsed) || parsed.Kind is not (CommandKind.Get or CommandKind.Set))
            {
                r.AddError($"'{TerminalText.Safe(text)}' is not a GET or SET command string.");
            }
            else if (!Ani4OutCommandTable.Table.TryValidate(parsed, out var problem))
            {
                r.AddError(TerminalText.Safe(problem));
            }
        });
        command.Arguments.Add(frame);
        command.SetAction((parse, ct) => s.GuardAsync(() => RawExchange.RunAsync(s, parse, parse.GetValue(frame)!, ct)));
        return command;
    }

    private static async Task Report(DeviceCommandSupport s, ParseResult parse, string command, object json, string text)
    {
        if (parse.GetValue(s.JsonOutput))
        {
            await s.WriteJsonAsync(command, json);
        }
        else
        {
            await s.Console.Out.WriteLineAsync(text);
        }
    }

    // Checked while parsing: a wrong output exits 2 before any connection.
    private static Argument<int> ChannelArgument()
    {
        var channel = new Argument<int>("CHANNEL") { Description = "Output 1-4." };
        channel.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 4)
            {
                r.AddError($"Output {r.GetValueOrDefault<int>()} does not exist: outputs are 1-4.");
            }
        });
        return channel;
    }
}
