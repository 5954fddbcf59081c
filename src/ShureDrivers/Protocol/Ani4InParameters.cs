namespace ShureDrivers.Protocol;

/// <summary>
/// The ANI4IN's own parameter names as they appear on the wire (the analog inputs' preamp, phantom power and logic);
/// the names it shares with the ANI4OUT are in <see cref="ShureParameters"/>.
/// </summary>
public static class Ani4InParameters
{
    /// <summary><c>AUDIO_GAIN</c>: an analog input's preamp gain, 0..51 dB in 3 dB steps.</summary>
    public const string AudioGain = "AUDIO_GAIN";

    /// <summary><c>PHANTOM_PWR_ENABLE</c>: an input's 48 V phantom power.</summary>
    public const string PhantomPowerEnable = "PHANTOM_PWR_ENABLE";

    /// <summary><c>HW_GATING_LOGIC</c>: an input's mic logic switch out (ANI4IN-BLOCK), read-only.</summary>
    public const string HardwareGatingLogic = "HW_GATING_LOGIC";

    /// <summary><c>CHAN_LED_IN_STATE</c>: an input's mic logic LED in (ANI4IN-BLOCK).</summary>
    public const string ChannelLedInState = "CHAN_LED_IN_STATE";

    /// <summary><c>INPUT_METER_MODE</c>: the meter tap, <c>PRE_FADER</c> or <c>POST_FADER</c>.</summary>
    public const string InputMeterMode = "INPUT_METER_MODE";
}
