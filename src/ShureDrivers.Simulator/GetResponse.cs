namespace ShureDrivers.Simulator;

/// <summary>What the simulated firmware does with one GET (<see cref="SimulatorOptions.GetResponses"/>).</summary>
public enum GetResponse
{
    /// <summary>Answers with a REP of the value. The default.</summary>
    Answer,

    /// <summary>Answers <c>&lt; REP ERR &gt;</c>, and the dump leaves the value out.</summary>
    Reject,

    /// <summary>Answers nothing at all, and the dump leaves the value out.</summary>
    Ignore,
}
