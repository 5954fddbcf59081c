namespace ShureDrivers.Simulator;

/// <summary>What the simulated device does with a request it does not support or cannot carry out.</summary>
public enum UnsupportedRequestHandling
{
    /// <summary>Answers <c>&lt; REP ERR &gt;</c>, as the ANI and MXA documents show. The default.</summary>
    Reject,

    /// <summary>
    /// Answers nothing at all, as SLX-D+ firmware does while controller access is blocked (a hardware study in
    /// companion-module-shure-wireless, docs/SLXDplus-protocol.md).
    /// </summary>
    Ignore,
}
