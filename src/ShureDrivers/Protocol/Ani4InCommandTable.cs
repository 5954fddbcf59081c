using System.Collections.Generic;
using System.Globalization;

namespace ShureDrivers.Protocol;

/// <summary>
/// The ANI4IN command table, row for row from the ANI4IN's public command-string document as transcribed in public
/// repositories, and the Companion ANI4IN module (docs/protocol-reference-ani4in.md gives each row's evidence).
/// Channels 1–4 are the analog inputs; 0 means all in GET. Digital gain uses the ANI4OUT's scale (1100 = 0 dB).
/// </summary>
public static class Ani4InCommandTable
{
    /// <summary>Number of analog inputs.</summary>
    public const int InputCount = 4;

    /// <summary>Highest preamp (analog) gain in dB.</summary>
    public const int AnalogGainMax = 51;

    /// <summary>The preamp gain's step in dB: the gain is 0, 3, 6 … 51.</summary>
    public const int AnalogGainStep = 3;

    /// <summary>Meter taps (<c>INPUT_METER_MODE</c>).</summary>
    public static IReadOnlyList<string> MeterModeTokens { get; } = ["PRE_FADER", "POST_FADER"];

    /// <summary>The table.</summary>
    public static CommandTable Table { get; } = Build();

    private static CommandTable Build()
    {
        var all = new ValueRange(0, InputCount);
        var inputs = new ValueRange(1, InputCount);
        var rows = new List<ParameterDefinition>
        {
            // Device level: as the ANI4OUT, with INPUT_METER_MODE for OUTPUT_METER_MODE.
            new() { Name = ShureParameters.All, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Dump, Access = ParameterAccess.Get, GetChannels = all, ChannelOptional = true, Evidence = EvidenceLevel.Corroborated },
            ParameterRows.Text(ShureParameters.Model, 32),
            ParameterRows.Text(ShureParameters.SerialNumber, 32),
            ParameterRows.Text(ShureParameters.FirmwareVersion, 18),
            ParameterRows.Text(ShureParameters.DeviceId, 31, pushed: true),
            ParameterRows.Text(ShureParameters.DanteDeviceName, 31, pushed: true),
            ParameterRows.Text(ShureParameters.IPAddressNetworkAudioPrimary, 15),
            ParameterRows.Text(ShureParameters.IPSubnetNetworkAudioPrimary, 15),
            ParameterRows.Text(ShureParameters.IPGatewayNetworkAudioPrimary, 15),
            new() { Name = ShureParameters.ControlMacAddress, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.MacAddress, Access = ParameterAccess.Get, Width = 17 },
            new() { Name = ShureParameters.Preset, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get | ParameterAccess.Set, Width = 2, Range = new ValueRange(0, Ani4OutCommandTable.PresetCount), SetRange = new ValueRange(1, Ani4OutCommandTable.PresetCount), Pushed = true },
            new() { Name = ShureParameters.Flash, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get | ParameterAccess.Set, Pushed = true, Evidence = EvidenceLevel.Inferred },
            new() { Name = ShureParameters.LedBrightness, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get | ParameterAccess.Set, Width = 1, Range = new ValueRange(0, 2), Pushed = true },
            new() { Name = ShureParameters.MeterRate, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get | ParameterAccess.Set, Width = 5, Range = new ValueRange(Ani4OutCommandTable.MeterRateMin, Ani4OutCommandTable.MeterRateMax), AllowsZero = true, Pushed = true, Evidence = EvidenceLevel.Inferred },
            new() { Name = ShureParameters.AudioSummingMode, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Enumeration, Access = ParameterAccess.Get | ParameterAccess.Set, Tokens = Ani4OutCommandTable.SummingModeTokens, Pushed = true, MinimumFirmwareMajor = 2 },
            new() { Name = Ani4InParameters.InputMeterMode, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Enumeration, Access = ParameterAccess.Get | ParameterAccess.Set, Tokens = MeterModeTokens, Pushed = true, MinimumFirmwareMajor = 2 },
            new() { Name = ShureParameters.Encryption, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get, Pushed = true, MinimumFirmwareMajor = 2 },
            ParameterRows.Text(ShureParameters.LastErrorEvent, 128, EvidenceLevel.Inferred, minimumFirmwareMajor: 2),
            new() { Name = ShureParameters.Reboot, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.None, Access = ParameterAccess.Set, HasReply = false, MinimumFirmwareMajor = 2 },
            new() { Name = ShureParameters.DefaultSettings, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.None, Access = ParameterAccess.Set, ReplyName = ShureParameters.Preset, MinimumFirmwareMajor = 2 },

            // Channel level (x = 1..4 analog inputs; GET also takes 0 = all).
            new() { Name = ShureParameters.ChannelName, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Text, Access = ParameterAccess.Get, GetChannels = all, Width = 31, Pushed = true },
            new() { Name = ShureParameters.DanteChannelName, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Text, Access = ParameterAccess.Get, GetChannels = all, Width = 31, Pushed = true, Evidence = EvidenceLevel.Inferred },
            new() { Name = ShureParameters.AudioGainHiRes, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get | ParameterAccess.Set | ParameterAccess.IncrementDecrement, GetChannels = all, SetChannels = inputs, Width = 4, Range = new ValueRange(0, Ani4OutCommandTable.GainRawMax), StepRange = new ValueRange(1, 999), Pushed = true },
            new() { Name = Ani4InParameters.AudioGain, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get | ParameterAccess.Set | ParameterAccess.IncrementDecrement, GetChannels = all, SetChannels = inputs, Width = 2, Range = new ValueRange(0, AnalogGainMax), StepRange = new ValueRange(AnalogGainStep, AnalogGainMax), ValueStep = AnalogGainStep, Pushed = true },
            new() { Name = ShureParameters.AudioMute, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get | ParameterAccess.Set | ParameterAccess.Toggle, GetChannels = all, SetChannels = inputs, Pushed = true },
            new() { Name = Ani4InParameters.PhantomPowerEnable, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get | ParameterAccess.Set, GetChannels = all, SetChannels = inputs, Pushed = true },
            new() { Name = Ani4InParameters.HardwareGatingLogic, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get, GetChannels = all, Pushed = true },
            new() { Name = Ani4InParameters.ChannelLedInState, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get | ParameterAccess.Set, GetChannels = all, SetChannels = inputs, Pushed = true, Evidence = EvidenceLevel.Inferred },
            new() { Name = ShureParameters.AudioOutputClipIndicator, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get, GetChannels = all, Pushed = true, Evidence = EvidenceLevel.Inferred },
            new() { Name = ShureParameters.LimiterEngaged, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get, GetChannels = all, Pushed = true, MinimumFirmwareMajor = 2 },
            new() { Name = ShureParameters.LedColorSignalClip, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Enumeration, Access = ParameterAccess.Get, GetChannels = all, Tokens = Ani4OutCommandTable.SignalLedColorTokens, Pushed = true },
            new() { Name = ShureParameters.LedStateSignalClip, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Token, Access = ParameterAccess.Get, GetChannels = all, Evidence = EvidenceLevel.Inferred },
            new() { Name = ShureParameters.AudioInputPeakLevel, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get, GetChannels = all, Width = 3, Range = new ValueRange(0, 60), MinimumFirmwareMajor = 2 },
            new() { Name = ShureParameters.AudioInputRmsLevel, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get, GetChannels = all, Width = 3, Range = new ValueRange(0, 60), MinimumFirmwareMajor = 2, Evidence = EvidenceLevel.Inferred },
            new() { Name = ShureParameters.Peq, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get | ParameterAccess.Set, GetChannels = all, SetChannels = inputs, ChannelDigits = 2, GetIndexes = new ValueRange(0, 4), SetIndexes = new ValueRange(1, 4), IndexDigits = 2, Pushed = true, MinimumFirmwareMajor = 2 },
        };

        // PRESET1..PRESET10: preset names, read-only.
        for (var n = 1; n <= Ani4OutCommandTable.PresetCount; n++)
        {
            rows.Add(ParameterRows.Text(ShureParameters.PresetNamePrefix + n.ToString(CultureInfo.InvariantCulture), 25, pushed: true));
        }

        var unsupported = new Dictionary<string, string>
        {
            ["AUDIO_OUT_LVL_SWITCH"] = "ANI4OUT, ANI22 outputs",
            ["OUTPUT_METER_MODE"] = "ANI4OUT, ANIUSB",
            ["AUDIO_IN_LVL_SWITCH"] = "ANIUSB, P300",
            ["DEVICE_AUDIO_MUTE"] = "ANI22, ANIUSB, MXA, P300",
            ["MATRIX_MXR_ROUTE"] = "ANIUSB-MATRIX, P300",
            ["MATRIX_MXR_GAIN"] = "ANIUSB-MATRIX, P300",
            ["USB_CONNECT"] = "ANIUSB-MATRIX, P300",
            ["LOGIC_MUTE"] = "ANIUSB-MATRIX, P300",
            ["ENCRYPTION_CH"] = "ANI22, ANIUSB",
            ["PRESET_NAME"] = "MXA920, MXA710, MXN5",
        };

        return new CommandTable("ANI4IN", InputCount, rows, unsupported, sampleFieldCount: InputCount, sampleRange: new ValueRange(0, 60), sampleWidth: 3);
    }
}
