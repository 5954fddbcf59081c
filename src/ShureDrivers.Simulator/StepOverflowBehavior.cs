namespace ShureDrivers.Simulator;

/// <summary>What the simulator does when INC or DEC would leave the range (undocumented for digital gain).</summary>
public enum StepOverflowBehavior
{
    /// <summary>Saturate at the range end, as the ANI4IN document says for analog gain. The default.</summary>
    Clamp,

    /// <summary>Answer <c>REP ERR</c> and change nothing, as the MXA710 wording suggests.</summary>
    Reject,
}
