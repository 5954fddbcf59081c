using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure status HOST</c>: device information, the active preset, and each output (ANI4OUT) or input (ANI4IN).</summary>
internal static class StatusCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("status", "Device information, the active preset, and each output's name, gain, mute and level (an ANI4IN's inputs: gain, preamp gain, mute, phantom power).");
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () => RunAsync(s.Call(parse), ct)));
        return command;
    }

    public static Task<int> RunAsync(DeviceCall call, CancellationToken cancellationToken) => call.RunAsync(async device =>
    {
        if (call.Json)
        {
            var body = new Dictionary<string, object?>
            {
                ["host"] = call.Host,
                ["model"] = device.Model,
                ["serial"] = device.SerialNumber,
                ["firmware"] = device.FirmwareVersionText,
                ["deviceId"] = device.DeviceId,
                ["mac"] = device.ControlMacAddress,
                ["dante"] = new { name = device.DanteDeviceName, address = device.DanteAddress?.ToString() },
                ["preset"] = device.ActivePreset,
                ["ledBrightness"] = device.LedBrightness,
                ["meterRateMs"] = device.MeterRate,
                ["identifying"] = device.IsIdentifying,
                ["summingMode"] = device.SummingMode,
            };
            if (device is Ani4InDevice ani4in)
            {
                body["meterMode"] = ani4in.InputMeterMode;
                body["inputs"] = ani4in.Inputs.Select(i => new
                {
                    channel = i.Channel,
                    name = i.Name,
                    gainDb = i.Gain?.Decibels,
                    analogGainDb = i.AnalogGain,
                    muted = i.IsMuted,
                    phantom = i.IsPhantomPowered,
                    clipping = i.IsClipping,
                    limiting = i.IsLimiting,
                });
            }
            else if (device is Ani4OutDevice output)
            {
                body["meterMode"] = output.OutputMeterMode;
                body["outputs"] = output.Outputs.Select(o => new
                {
                    channel = o.Channel,
                    name = o.Name,
                    gainDb = o.Gain?.Decibels,
                    muted = o.IsMuted,
                    level = o.Level?.ToString().ToLowerInvariant(),
                    clipping = o.IsClipping,
                    limiting = o.IsLimiting,
                });
            }

            await call.WriteJsonAsync("status", body);
            return ExitCodes.Ok;
        }

        // A value the device did not give (its firmware has no GET for it) prints as "unknown", never as a default.
        if (call.Console.Terminal is { } terminal)
        {
            StatusView.Write(terminal, device);
            return ExitCodes.Ok;
        }

        var console = call.Console.Out;
        var meterMode = device is Ani4InDevice i ? i.InputMeterMode : ((Ani4OutDevice)device).OutputMeterMode;
        await console.WriteLineAsync($"{Show(device.Model)} {Show(device.DeviceId)}  serial {Show(device.SerialNumber)}  firmware {Show(device.FirmwareVersionText)}");
        await console.WriteLineAsync($"MAC {Show(device.ControlMacAddress)}  Dante {Show(device.DanteDeviceName)} {Show(device.DanteAddress)}  preset {StatusView.Preset(device.ActivePreset)}");
        await console.WriteLineAsync($"LED {Show(device.LedBrightness)}  meter rate {Show(device.MeterRate)}  identify {OnOff(device.IsIdentifying)}  summing {Show(device.SummingMode)}  meter {Show(meterMode)}");
        if (device is Ani4InDevice input)
        {
            await console.WriteLineAsync($"{"CH",-3} {"NAME",-32} {"GAIN",10} {"PREAMP",6} {"MUTE",-7} {"48V",-4} {"CLIP",-7} LIMIT");
            foreach (var c in input.Inputs)
            {
                await console.WriteLineAsync($"{c.Channel,-3} {Show(c.Name),-32} {Show(c.Gain),10} {Show(c.AnalogGain is { } db ? db + " dB" : null),6} {Mark(c.IsMuted, "MUTED"),-7} {Mark(c.IsPhantomPowered, "48V"),-4} {Mark(c.IsClipping, "CLIP"),-7} {Mark(c.IsLimiting, "LIMIT")}");
            }

            return ExitCodes.Ok;
        }

        await console.WriteLineAsync($"{"CH",-3} {"NAME",-32} {"GAIN",10} {"MUTE",-7} {"LEVEL",-7} {"CLIP",-7} LIMIT");
        foreach (var o in ((Ani4OutDevice)device).Outputs)
        {
            await console.WriteLineAsync($"{o.Channel,-3} {Show(o.Name),-32} {Show(o.Gain),10} {Mark(o.IsMuted, "MUTED"),-7} {Show(o.Level?.ToString().ToLowerInvariant()),-7} {Mark(o.IsClipping, "CLIP"),-7} {Mark(o.IsLimiting, "LIMIT")}");
        }

        return ExitCodes.Ok;
    }, cancellationToken);

    private static string Show(object? value) => value is null ? "unknown" : TerminalText.Safe(value.ToString());

    private static string OnOff(bool? value) => value switch { true => "on", false => "off", null => "unknown" };

    // A state worth seeing stands out; its absence is a dash.
    private static string Mark(bool? value, string label) => value switch { true => label, false => "-", null => "unknown" };
}
