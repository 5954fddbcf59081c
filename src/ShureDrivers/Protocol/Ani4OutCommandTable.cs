using System.Collections.Generic;
using System.Globalization;

namespace ShureDrivers.Protocol;

/// <summary>
/// The ANI4OUT command table, row for row from the protocol reference (docs/protocol-reference.md, section 3). Channels 1–4
/// are the analog outputs; 0 means all in GET.
/// </summary>
public static class Ani4OutCommandTable
{
    /// <summary>Number of analog outputs.</summary>
    public const int OutputCount = 4;

    /// <summary>Raw gain value that means 0 dB.</summary>
    public const int GainOffset = 1100;

    /// <summary>Highest raw gain value (+30.0 dB).</summary>
    public const int GainRawMax = 1400;

    /// <summary>Meter-rate value that turns metering off.</summary>
    public const int MeterRateOff = 0;

    /// <summary>Fastest meter rate in milliseconds.</summary>
    public const int MeterRateMin = 100;

    /// <summary>Slowest meter rate in milliseconds.</summary>
    public const int MeterRateMax = 99999;

    /// <summary>Number of preset slots.</summary>
    public const int PresetCount = 10;

    /// <summary>Output level tokens (<c>AUDIO_OUT_LVL_SWITCH</c>).</summary>
    public static IReadOnlyList<string> OutputLevelTokens { get; } = ["LINE_LVL", "AUX_LVL", "MIC_LVL"];

    /// <summary>Summing modes (<c>AUDIO_SUMMING_MODE</c>).</summary>
    public static IReadOnlyList<string> SummingModeTokens { get; } = ["OFF", "1+2", "3+4", "1+2/3+4", "1+2+3+4"];

    /// <summary>Meter taps (<c>OUTPUT_METER_MODE</c>).</summary>
    public static IReadOnlyList<string> MeterModeTokens { get; } = ["PRE_FADER", "POST_FADER"];

    /// <summary>Sig/clip LED colours (<c>LED_COLOR_SIG_CLIP</c>).</summary>
    public static IReadOnlyList<string> SignalLedColorTokens { get; } = ["OFF", "GREEN", "AMBER", "RED"];

    /// <summary>The table.</summary>
    public static CommandTable Table { get; } = Build();

    private static CommandTable Build()
    {
        var all = new ValueRange(0, OutputCount);
        var outputs = new ValueRange(1, OutputCount);
        var rows = new List<ParameterDefinition>
        {
            // Device level.
            new() { Name = Ani4OutParameters.All, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Dump, Access = ParameterAccess.Get, GetChannels = all, ChannelOptional = true, Evidence = EvidenceLevel.Official },
            ParameterRows.Text(Ani4OutParameters.Model, 32, EvidenceLevel.Official),
            ParameterRows.Text(Ani4OutParameters.SerialNumber, 32, EvidenceLevel.Official),
            ParameterRows.Text(Ani4OutParameters.FirmwareVersion, 18),
            ParameterRows.Text(Ani4OutParameters.DeviceId, 31, pushed: true),
            ParameterRows.Text(Ani4OutParameters.DanteDeviceName, 31, EvidenceLevel.Inferred, pushed: true),
            ParameterRows.Text(Ani4OutParameters.IPAddressNetworkAudioPrimary, 15),
            ParameterRows.Text(Ani4OutParameters.IPSubnetNetworkAudioPrimary, 15),
            ParameterRows.Text(Ani4OutParameters.IPGatewayNetworkAudioPrimary, 15),
            new() { Name = Ani4OutParameters.ControlMacAddress, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.MacAddress, Access = ParameterAccess.Get, Width = 17, Evidence = EvidenceLevel.Inferred },
            new() { Name = Ani4OutParameters.Preset, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get | ParameterAccess.Set, Width = 2, Range = new ValueRange(0, PresetCount), SetRange = new ValueRange(1, PresetCount), Pushed = true },
            new() { Name = Ani4OutParameters.Flash, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get | ParameterAccess.Set, Pushed = true },
            new() { Name = Ani4OutParameters.LedBrightness, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get | ParameterAccess.Set, Width = 1, Range = new ValueRange(0, 2), Pushed = true },
            new() { Name = Ani4OutParameters.MeterRate, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get | ParameterAccess.Set, Width = 5, Range = new ValueRange(MeterRateMin, MeterRateMax), AllowsZero = true, Pushed = true },
            new() { Name = Ani4OutParameters.AudioSummingMode, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Enumeration, Access = ParameterAccess.Get | ParameterAccess.Set, Tokens = SummingModeTokens, Pushed = true, MinimumFirmwareMajor = 2 },
            new() { Name = Ani4OutParameters.OutputMeterMode, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Enumeration, Access = ParameterAccess.Get | ParameterAccess.Set, Tokens = MeterModeTokens, Pushed = true, MinimumFirmwareMajor = 2 },
            new() { Name = Ani4OutParameters.Encryption, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get, Pushed = true, MinimumFirmwareMajor = 2 },
            ParameterRows.Text(Ani4OutParameters.LastErrorEvent, 128, minimumFirmwareMajor: 2),
            new() { Name = Ani4OutParameters.Reboot, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.None, Access = ParameterAccess.Set, HasReply = false, MinimumFirmwareMajor = 2 },
            new() { Name = Ani4OutParameters.DefaultSettings, Scope = ParameterScope.Device, ValueKind = ParameterValueKind.None, Access = ParameterAccess.Set, ReplyName = Ani4OutParameters.Preset, MinimumFirmwareMajor = 2 },

            // Channel level (x = 1..4 analog outputs; GET also takes 0 = all).
            new() { Name = Ani4OutParameters.ChannelName, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Text, Access = ParameterAccess.Get, GetChannels = all, Width = 31, Pushed = true },
            new() { Name = Ani4OutParameters.DanteChannelName, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Text, Access = ParameterAccess.Get, GetChannels = all, Width = 31, Pushed = true, Evidence = EvidenceLevel.Inferred },
            new() { Name = Ani4OutParameters.AudioGainHiRes, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get | ParameterAccess.Set | ParameterAccess.IncrementDecrement, GetChannels = all, SetChannels = outputs, Width = 4, Range = new ValueRange(0, GainRawMax), StepRange = new ValueRange(1, 999), Pushed = true },
            new() { Name = Ani4OutParameters.AudioMute, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get | ParameterAccess.Set | ParameterAccess.Toggle, GetChannels = all, SetChannels = outputs, Pushed = true },
            new() { Name = Ani4OutParameters.AudioOutputLevelSwitch, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Enumeration, Access = ParameterAccess.Get | ParameterAccess.Set, GetChannels = all, SetChannels = outputs, Tokens = OutputLevelTokens, Pushed = true },
            new() { Name = Ani4OutParameters.AudioOutputClipIndicator, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get, GetChannels = all, Pushed = true },
            new() { Name = Ani4OutParameters.LimiterEngaged, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get, GetChannels = all, Pushed = true, MinimumFirmwareMajor = 2 },
            new() { Name = Ani4OutParameters.LedColorSignalClip, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Enumeration, Access = ParameterAccess.Get, GetChannels = all, Tokens = SignalLedColorTokens, Pushed = true },
            new() { Name = Ani4OutParameters.LedStateSignalClip, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Token, Access = ParameterAccess.Get, GetChannels = all, Evidence = EvidenceLevel.Inferred },
            new() { Name = Ani4OutParameters.AudioInputPeakLevel, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get, GetChannels = all, Width = 3, Range = new ValueRange(0, 60), MinimumFirmwareMajor = 2, Evidence = EvidenceLevel.Inferred },
            new() { Name = Ani4OutParameters.AudioInputRmsLevel, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Number, Access = ParameterAccess.Get, GetChannels = all, Width = 3, Range = new ValueRange(0, 60), MinimumFirmwareMajor = 2, Evidence = EvidenceLevel.Inferred },
            new() { Name = Ani4OutParameters.Peq, Scope = ParameterScope.Channel, ValueKind = ParameterValueKind.Switch, Access = ParameterAccess.Get | ParameterAccess.Set, GetChannels = all, SetChannels = outputs, ChannelDigits = 2, GetIndexes = new ValueRange(0, 4), SetIndexes = new ValueRange(1, 4), IndexDigits = 2, Pushed = true, MinimumFirmwareMajor = 2 },
        };

        // PRESET1..PRESET10: preset names, read-only (the reference's one "PRESETn" row).
        for (var n = 1; n <= PresetCount; n++)
        {
            rows.Add(ParameterRows.Text(Ani4OutParameters.PresetNamePrefix + n.ToString(CultureInfo.InvariantCulture), 25, pushed: true));
        }

        var unsupported = new Dictionary<string, string>
        {
            ["AUDIO_GAIN"] = "ANI4IN, ANI22 inputs",
            ["PHANTOM_PWR_ENABLE"] = "ANI4IN, ANI22",
            ["HW_GATING_LOGIC"] = "ANI4IN-BLOCK, ANI22-BLOCK",
            ["CHAN_LED_IN_STATE"] = "ANI4IN-BLOCK, ANI22-BLOCK",
            ["INPUT_METER_MODE"] = "ANI4IN, ANI22, ANIUSB",
            ["AUDIO_IN_LVL_SWITCH"] = "ANIUSB, P300",
            ["DEVICE_AUDIO_MUTE"] = "ANI22, ANIUSB, MXA, P300",
            ["MATRIX_MXR_ROUTE"] = "ANIUSB-MATRIX, P300",
            ["MATRIX_MXR_GAIN"] = "ANIUSB-MATRIX, P300",
            ["USB_CONNECT"] = "ANIUSB-MATRIX, P300",
            ["LOGIC_MUTE"] = "ANIUSB-MATRIX, P300",
            ["PRESET_AUDIO_ROUTE"] = "ANIUSB-MATRIX, P300",
            ["ENCRYPTION_CH"] = "ANI22, ANIUSB",
            ["PRESET_NAME"] = "MXA920, MXA710, MXN5",
        };

        return new CommandTable("ANI4OUT", OutputCount, rows, unsupported, sampleFieldCount: OutputCount, sampleRange: new ValueRange(0, 60), sampleWidth: 3);
    }
}
