namespace ShureDrivers;

/// <summary>An output's analog level (<c>AUDIO_OUT_LVL_SWITCH</c>; the web app's "Analog Gain").</summary>
public enum OutputLevel
{
    /// <summary><c>LINE_LVL</c>: line level, the 0 dB reference.</summary>
    Line,

    /// <summary><c>AUX_LVL</c>: aux level, −20 dB.</summary>
    Aux,

    /// <summary><c>MIC_LVL</c>: mic level, −46 dB.</summary>
    Mic,
}
