namespace ShureDrivers.Protocol;

/// <summary>
/// The parameter names every Shure audio network interface of this family shares (ANI4IN and ANI4OUT alike): identity,
/// network, presets, identify, LEDs, metering and the per-channel gain, mute, names, indicators and PEQ. Each model's
/// own names are in <see cref="Ani4OutParameters"/> and <see cref="Ani4InParameters"/>.
/// </summary>
public static class ShureParameters
{
    /// <summary><c>ALL</c>.</summary>
    public const string All = "ALL";

    /// <summary><c>MODEL</c>.</summary>
    public const string Model = "MODEL";

    /// <summary><c>SERIAL_NUM</c>.</summary>
    public const string SerialNumber = "SERIAL_NUM";

    /// <summary><c>FW_VER</c>.</summary>
    public const string FirmwareVersion = "FW_VER";

    /// <summary><c>DEVICE_ID</c>.</summary>
    public const string DeviceId = "DEVICE_ID";

    /// <summary><c>NA_DEVICE_NAME</c>.</summary>
    public const string DanteDeviceName = "NA_DEVICE_NAME";

    /// <summary><c>IP_ADDR_NET_AUDIO_PRIMARY</c>.</summary>
    public const string IPAddressNetworkAudioPrimary = "IP_ADDR_NET_AUDIO_PRIMARY";

    /// <summary><c>IP_SUBNET_NET_AUDIO_PRIMARY</c>.</summary>
    public const string IPSubnetNetworkAudioPrimary = "IP_SUBNET_NET_AUDIO_PRIMARY";

    /// <summary><c>IP_GATEWAY_NET_AUDIO_PRIMARY</c>.</summary>
    public const string IPGatewayNetworkAudioPrimary = "IP_GATEWAY_NET_AUDIO_PRIMARY";

    /// <summary><c>CONTROL_MAC_ADDR</c>.</summary>
    public const string ControlMacAddress = "CONTROL_MAC_ADDR";

    /// <summary><c>PRESET</c>.</summary>
    public const string Preset = "PRESET";

    /// <summary><c>FLASH</c>.</summary>
    public const string Flash = "FLASH";

    /// <summary><c>LED_BRIGHTNESS</c>.</summary>
    public const string LedBrightness = "LED_BRIGHTNESS";

    /// <summary><c>METER_RATE</c>.</summary>
    public const string MeterRate = "METER_RATE";

    /// <summary><c>AUDIO_SUMMING_MODE</c>.</summary>
    public const string AudioSummingMode = "AUDIO_SUMMING_MODE";

    /// <summary><c>ENCRYPTION</c>.</summary>
    public const string Encryption = "ENCRYPTION";

    /// <summary><c>LAST_ERROR_EVENT</c>.</summary>
    public const string LastErrorEvent = "LAST_ERROR_EVENT";

    /// <summary><c>REBOOT</c>.</summary>
    public const string Reboot = "REBOOT";

    /// <summary><c>DEFAULT_SETTINGS</c>.</summary>
    public const string DefaultSettings = "DEFAULT_SETTINGS";

    /// <summary><c>CHAN_NAME</c>.</summary>
    public const string ChannelName = "CHAN_NAME";

    /// <summary><c>NA_CHAN_NAME</c>.</summary>
    public const string DanteChannelName = "NA_CHAN_NAME";

    /// <summary><c>AUDIO_GAIN_HI_RES</c>.</summary>
    public const string AudioGainHiRes = "AUDIO_GAIN_HI_RES";

    /// <summary><c>AUDIO_MUTE</c>.</summary>
    public const string AudioMute = "AUDIO_MUTE";

    /// <summary><c>AUDIO_OUT_CLIP_INDICATOR</c>.</summary>
    public const string AudioOutputClipIndicator = "AUDIO_OUT_CLIP_INDICATOR";

    /// <summary><c>LIMITER_ENGAGED</c>.</summary>
    public const string LimiterEngaged = "LIMITER_ENGAGED";

    /// <summary><c>LED_COLOR_SIG_CLIP</c>.</summary>
    public const string LedColorSignalClip = "LED_COLOR_SIG_CLIP";

    /// <summary><c>LED_STATE_SIG_CLIP</c>.</summary>
    public const string LedStateSignalClip = "LED_STATE_SIG_CLIP";

    /// <summary><c>AUDIO_IN_PEAK_LVL</c>.</summary>
    public const string AudioInputPeakLevel = "AUDIO_IN_PEAK_LVL";

    /// <summary><c>AUDIO_IN_RMS_LVL</c>.</summary>
    public const string AudioInputRmsLevel = "AUDIO_IN_RMS_LVL";

    /// <summary><c>PEQ</c>.</summary>
    public const string Peq = "PEQ";

    /// <summary>The prefix of the preset-name rows <c>PRESET1</c>..<c>PRESET10</c>.</summary>
    public const string PresetNamePrefix = "PRESET";
}
