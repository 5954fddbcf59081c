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

    /// <summary>Start of the simulator's range (9000–9999), whose IDs are in <c>ShureDrivers.Simulator.SimulatorEventIds</c>.</summary>
    public const int SimulatorRangeStart = 9000;

    /// <summary>Connecting (Debug).</summary>
    public const int Connecting = 1000;

    /// <summary>Connected.</summary>
    public const int Connected = 1001;

    /// <summary>The connection was lost.</summary>
    public const int ConnectionLost = 1002;

    /// <summary>A reconnect attempt is scheduled.</summary>
    public const int ReconnectScheduled = 1003;

    /// <summary>The session was closed.</summary>
    public const int SessionClosed = 1004;

    /// <summary>The framer dropped bytes (junk, oversized or interrupted frames).</summary>
    public const int FramesDropped = 1005;

    /// <summary>A frame that does not parse was ignored.</summary>
    public const int UnparsedFrame = 1006;

    /// <summary>Resynchronising after a connect failed.</summary>
    public const int SynchronizeFailed = 1007;

    /// <summary>A value stayed unknown after a resync (the device rejected or ignored its GET); logged once per value and session.</summary>
    public const int ResyncValueUnavailable = 1008;

    /// <summary>A form of the dump request (<c>GET 0 ALL</c>, <c>GET ALL</c>, <c>GET n ALL</c>) was rejected or not answered; the next form is tried.</summary>
    public const int ResyncDumpFormFailed = 1009;

    /// <summary>A resync finished: how many requests it sent and how many values stayed unknown (Debug).</summary>
    public const int ResyncCompleted = 1010;

    /// <summary>A refresh failed while the link stayed up; the resync is retried after a delay.</summary>
    public const int ResyncRetryScheduled = 1011;

    /// <summary>A resync reached <see cref="DeviceSessionOptions.ResyncTimeout"/>; the values still missing read null and are asked for in the background.</summary>
    public const int ResyncTimedOut = 1012;

    /// <summary>A keep-alive was sent (Trace).</summary>
    public const int KeepAliveSent = 1600;

    /// <summary>A keep-alive failed.</summary>
    public const int KeepAliveFailed = 1601;

    /// <summary>Nothing was heard for the dead-connection timeout; the link was dropped.</summary>
    public const int LinkDead = 1602;

    /// <summary>A frame was sent (Trace: wire traffic).</summary>
    public const int FrameSent = 2000;

    /// <summary>A frame was received (Trace: wire traffic).</summary>
    public const int FrameReceived = 2001;

    /// <summary>The device answered a command with REP ERR.</summary>
    public const int CommandRejected = 2002;

    /// <summary>A REP ERR arrived with no command waiting.</summary>
    public const int UnsolicitedError = 2003;

    /// <summary>A command got no reply in time.</summary>
    public const int CommandTimedOut = 2004;

    /// <summary>A REP the model's table refuses (unknown name, channel or value) was dropped; logged once per key and session.</summary>
    public const int InvalidReport = 2005;

    /// <summary>A REP ERR could belong to more than one command, and later frames did not say which: the command is settled by reading back (Debug).</summary>
    public const int RejectionAmbiguous = 2006;

    /// <summary>The device spelled a report in a way the documents do not (a text value without braces); read anyway, logged once per parameter.</summary>
    public const int SpellingDeviation = 2007;

    /// <summary>A user event handler threw; the session carried on.</summary>
    public const int EventHandlerFailed = 2900;

    /// <summary>Sending an mDNS query failed on an interface (Debug).</summary>
    public const int DiscoverySendFailed = 3000;

    /// <summary>A malformed mDNS packet was dropped (Debug).</summary>
    public const int DiscoveryMalformedPacket = 3001;

    /// <summary>An interface stopped receiving (its network went away); the search goes on elsewhere (Warning).</summary>
    public const int DiscoveryReceiveFailed = 3002;

    /// <summary>Debug: a device found only through its Dante interface could not be resolved to its control address (its packet bridge did not answer).</summary>
    public const int DanteUnresolved = 3003;

    /// <summary>Information: the interfaces browsing uses, at start and whenever an address appears or goes.</summary>
    public const int DiscoveryInterfacesChanged = 3004;

    /// <summary>A packet-bridge query was sent (Debug).</summary>
    public const int BridgeQuerySent = 4000;

    /// <summary>A packet bridge answered (Debug).</summary>
    public const int BridgeAnswered = 4001;

    /// <summary>A datagram that is not the queried device's reply was ignored (Debug).</summary>
    public const int BridgeIgnored = 4002;
}
