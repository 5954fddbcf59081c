namespace ShureDrivers.Protocol;

/// <summary>
/// The ANI4OUT's parameter names as they appear on the wire, one constant per row of <see cref="Ani4OutCommandTable"/>;
/// the names it shares with the ANI4IN are <see cref="ShureParameters"/>'s, repeated here for the ANI4OUT's code.
/// </summary>
public static class Ani4OutParameters
{
    /// <summary><c>ALL</c>.</summary>
    public const string All = ShureParameters.All;

    /// <summary><c>MODEL</c>.</summary>
    public const string Model = ShureParameters.Model;

    /// <summary><c>SERIAL_NUM</c>.</summary>
    public const string SerialNumber = ShureParameters.SerialNumber;

    /// <summary><c>FW_VER</c>.</summary>
    public const string FirmwareVersion = ShureParameters.FirmwareVersion;

    /// <summary><c>DEVICE_ID</c>.</summary>
    public const string DeviceId = ShureParameters.DeviceId;

    /// <summary><c>NA_DEVICE_NAME</c>.</summary>
    public const string DanteDeviceName = ShureParameters.DanteDeviceName;

    /// <summary><c>IP_ADDR_NET_AUDIO_PRIMARY</c>.</summary>
    public const string IPAddressNetworkAudioPrimary = ShureParameters.IPAddressNetworkAudioPrimary;

    /// <summary><c>IP_SUBNET_NET_AUDIO_PRIMARY</c>.</summary>
    public const string IPSubnetNetworkAudioPrimary = ShureParameters.IPSubnetNetworkAudioPrimary;

    /// <summary><c>IP_GATEWAY_NET_AUDIO_PRIMARY</c>.</summary>
    public const string IPGatewayNetworkAudioPrimary = ShureParameters.IPGatewayNetworkAudioPrimary;

    /// <summary><c>CONTROL_MAC_ADDR</c>.</summary>
    public const string ControlMacAddress = ShureParameters.ControlMacAddress;

    /// <summary><c>PRESET</c>.</summary>
    public const string Preset = ShureParameters.Preset;

    /// <summary><c>FLASH</c>.</summary>
    public const string Flash = ShureParameters.Flash;

    /// <summary><c>LED_BRIGHTNESS</c>.</summary>
    public const string LedBrightness = ShureParameters.LedBrightness;

    /// <summary><c>METER_RATE</c>.</summary>
    public const string MeterRate = ShureParameters.MeterRate;

    /// <summary><c>AUDIO_SUMMING_MODE</c>.</summary>
    public const string AudioSummingMode = ShureParameters.AudioSummingMode;

    /// <summary><c>OUTPUT_METER_MODE</c>.</summary>
    public const string OutputMeterMode = "OUTPUT_METER_MODE";

    /// <summary><c>ENCRYPTION</c>.</summary>
    public const string Encryption = ShureParameters.Encryption;

    /// <summary><c>LAST_ERROR_EVENT</c>.</summary>
    public const string LastErrorEvent = ShureParameters.LastErrorEvent;

    /// <summary><c>REBOOT</c>.</summary>
    public const string Reboot = ShureParameters.Reboot;

    /// <summary><c>DEFAULT_SETTINGS</c>.</summary>
    public const string DefaultSettings = ShureParameters.DefaultSettings;

    /// <summary><c>CHAN_NAME</c>.</summary>
    public const string ChannelName = ShureParameters.ChannelName;

    /// <summary><c>NA_CHAN_NAME</c>.</summary>
    public const string DanteChannelName = ShureParameters.DanteChannelName;

    /// <summary><c>AUDIO_GAIN_HI_RES</c>.</summary>
    public const string AudioGainHiRes = ShureParameters.AudioGainHiRes;

    /// <summary><c>AUDIO_MUTE</c>.</summary>
    public const string AudioMute = ShureParameters.AudioMute;

    /// <summary><c>AUDIO_OUT_LVL_SWITCH</c>.</summary>
    public const string AudioOutputLevelSwitch = "AUDIO_OUT_LVL_SWITCH";

    /// <summary><c>AUDIO_OUT_CLIP_INDICATOR</c>.</summary>
    public const string AudioOutputClipIndicator = ShureParameters.AudioOutputClipIndicator;

    /// <summary><c>LIMITER_ENGAGED</c>.</summary>
    public const string LimiterEngaged = ShureParameters.LimiterEngaged;

    /// <summary><c>LED_COLOR_SIG_CLIP</c>.</summary>
    public const string LedColorSignalClip = ShureParameters.LedColorSignalClip;

    /// <summary><c>LED_STATE_SIG_CLIP</c>.</summary>
    public const string LedStateSignalClip = ShureParameters.LedStateSignalClip;

    /// <summary><c>AUDIO_IN_PEAK_LVL</c>.</summary>
    public const string AudioInputPeakLevel = ShureParameters.AudioInputPeakLevel;

    /// <summary><c>AUDIO_IN_RMS_LVL</c>.</summary>
    public const string AudioInputRmsLevel = ShureParameters.AudioInputRmsLevel;

    /// <summary><c>PEQ</c>.</summary>
    public const string Peq = ShureParameters.Peq;

    /// <summary>The prefix of the preset-name rows <c>PRESET1</c>..<c>PRESET10</c>.</summary>
    public const string PresetNamePrefix = ShureParameters.PresetNamePrefix;
}
