namespace ShureDrivers.Simulator;

/// <summary>How the simulated device turns away a connection past its session limit, or while it refuses connections (H41).</summary>
public enum SessionRefusal
{
    /// <summary>The connection is reset at once (TCP RST; in memory, a refused connect). The default.</summary>
    Reset,

    /// <summary>The connection is accepted and then closed without a word (TCP FIN; in memory, a stream at its end).</summary>
    AcceptAndClose,
}
