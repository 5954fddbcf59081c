namespace ShureDrivers;

/// <summary>
/// Public, stable logging event IDs, in ranges per area, so that hosts can filter and alert on them. IDs and event
/// names are never renamed or reused once released.
/// </summary>
public static class ShureEventIds
{
    /// <summary>Start of the session and connection range (1000–1599).</summary>
    public const int SessionRangeStart = 1000;

    /// <summary>Start of the keep-alive range (1600–1999).</summary>
    public const int KeepAliveRangeStart = 1600;

    /// <summary>Start of the command range (2000–2999).</summary>
    public const int CommandRangeStart = 2000;

    /// <summary>Start of the discovery range (3000–3999).</summary>
    public const int DiscoveryRangeStart = 3000;

    /// <summary>Start of the packet-bridge range (4000–4999).</summary>
    public const int PacketBridgeRangeStart = 4000;

    /// <summary>Start of the simulator range (9000–9999).</summary>
    public const int SimulatorRangeStart = 9000;

    /// <summary>The simulator started serving a device.</summary>
    public const int SimulatorStarted = 9000;

    /// <summary>A client session opened on the simulator.</summary>
    public const int SimulatorSessionOpened = 9001;

    /// <summary>A client session on the simulator ended.</summary>
    public const int SimulatorSessionClosed = 9002;

    /// <summary>The simulator received a frame (Trace: wire traffic).</summary>
    public const int SimulatorFrameReceived = 9003;

    /// <summary>The simulator answered a frame with REP ERR.</summary>
    public const int SimulatorCommandRejected = 9004;

    /// <summary>The simulator rebooted.</summary>
    public const int SimulatorRebooting = 9005;

    /// <summary>The simulator refused a connection.</summary>
    public const int SimulatorConnectionRefused = 9006;

    /// <summary>A session's outgoing queue was full and frames were dropped.</summary>
    public const int SimulatorOutputDropped = 9007;

    /// <summary>The simulator's packet-bridge responder answered a query.</summary>
    public const int SimulatorPacketBridgeAnswered = 9010;

    /// <summary>The simulator's mDNS responder dropped a malformed packet.</summary>
    public const int SimulatorMdnsMalformedPacket = 9020;

    /// <summary>The simulator's mDNS responder found a name conflict while probing.</summary>
    public const int SimulatorMdnsConflict = 9021;
}
