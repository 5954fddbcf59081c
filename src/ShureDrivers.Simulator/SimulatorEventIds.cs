namespace ShureDrivers.Simulator;

/// <summary>
/// The simulator's logging event IDs, in the range <see cref="ShureEventIds.SimulatorRangeStart"/> (9000–9999) that
/// the core reserves for it. IDs and event names are never renamed or reused once released.
/// </summary>
public static class SimulatorEventIds
{
    /// <summary>The simulator started serving a device.</summary>
    public const int Started = 9000;

    /// <summary>A client session opened on the simulator.</summary>
    public const int SessionOpened = 9001;

    /// <summary>A client session on the simulator ended.</summary>
    public const int SessionClosed = 9002;

    /// <summary>The simulator received a frame (Trace: wire traffic).</summary>
    public const int FrameReceived = 9003;

    /// <summary>The simulator answered a frame with REP ERR.</summary>
    public const int CommandRejected = 9004;

    /// <summary>The simulator rebooted.</summary>
    public const int Rebooting = 9005;

    /// <summary>The simulator refused a connection.</summary>
    public const int ConnectionRefused = 9006;

    /// <summary>A session's outgoing queue was full and frames were dropped.</summary>
    public const int OutputDropped = 9007;

    /// <summary>The simulator's packet-bridge responder answered a query.</summary>
    public const int PacketBridgeAnswered = 9010;

    /// <summary>The simulator's mDNS responder dropped a malformed packet.</summary>
    public const int MdnsMalformedPacket = 9020;

    /// <summary>The simulator's mDNS responder found a name conflict while probing.</summary>
    public const int MdnsConflict = 9021;

    /// <summary>Information: the responder's interface address went, or came back (it then probes and announces again).</summary>
    public const int MdnsLinkChanged = 9022;
}
