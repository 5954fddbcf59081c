using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure status HOST</c>: device information, the active preset, and each output.</summary>
internal static class StatusCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("status", "Device information, the active preset, and each output's name, gain, mute and level.");
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () => RunAsync(s.Call(parse), ct)));
        return command;
    }

    public static Task<int> RunAsync(DeviceCall call, CancellationToken cancellationToken) => call.RunAsync(async device =>
    {
        if (call.Json)
        {
            await call.WriteJsonAsync("status", new
            {
                host = call.Host,
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
        if (call.Console.Terminal is { } terminal)
        {
            StatusView.Write(terminal, device);
            return ExitCodes.Ok;
        }

        var console = call.Console.Out;
        await console.WriteLineAsync($"{Show(device.Model)} {Show(device.DeviceId)}  serial {Show(device.SerialNumber)}  firmware {Show(device.FirmwareVersionText)}");
        await console.WriteLineAsync($"MAC {Show(device.ControlMacAddress)}  Dante {Show(device.DanteDeviceName)} {Show(device.DanteAddress)}  preset {StatusView.Preset(device.ActivePreset)}");
        await console.WriteLineAsync($"LED {Show(device.LedBrightness)}  meter rate {Show(device.MeterRate)}  identify {OnOff(device.IsIdentifying)}  summing {Show(device.SummingMode)}  meter {Show(device.OutputMeterMode)}");
        await console.WriteLineAsync($"{"CH",-3} {"NAME",-32} {"GAIN",10} {"MUTE",-7} {"LEVEL",-7} {"CLIP",-7} LIMIT");
        foreach (var o in device.Outputs)
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
