using ShureDrivers;

namespace RoomService;

/// <summary>A device's full status, with the fields of <c>shure status --json</c> (docs/cli-json.md): null where the device gave no value.</summary>
public static class DeviceStatusJson
{
    public static Dictionary<string, object?> For(string name, ShureDevice device)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = name,
            ["host"] = device.Session.EndPoint,
            ["state"] = device.Session.State.ToString(),
            ["stale"] = device.IsStale,
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
        if (device is Ani4InDevice input)
        {
            body["meterMode"] = input.InputMeterMode;
            body["inputs"] = input.Inputs.Select(i => new
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

        return body;
    }
}
