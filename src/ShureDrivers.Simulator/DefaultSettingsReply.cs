namespace ShureDrivers.Simulator;

/// <summary>How the simulator answers <c>SET DEFAULT_SETTINGS</c> (the sources disagree; see docs/hardware-questions.md).</summary>
public enum DefaultSettingsReply
{
    /// <summary><c>&lt; REP PRESET 00 &gt;</c>, as the MXA910 and ANI4IN documents show. The default.</summary>
    PresetZero,

    /// <summary><c>&lt; REP DEFAULT_SETTINGS 00 &gt;</c>, as one transcription's test vector assumes.</summary>
    DefaultSettingsZero,
}
