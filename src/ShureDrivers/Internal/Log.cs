using System;
using Microsoft.Extensions.Logging;

namespace ShureDrivers.Internal;

/// <summary>Source-generated log messages of the core library. Event names are never renamed once released.</summary>
internal static partial class Log
{
    public const string SessionCategory = "ShureDrivers.Session";

    /// <summary>The log category of discovery and browsing.</summary>
    public const string DiscoveryCategory = "ShureDrivers.Discovery";

    public const string PacketBridgeCategory = "ShureDrivers.PacketBridge";

    [LoggerMessage(EventId = ShureEventIds.Connecting, EventName = nameof(ShureEventIds.Connecting), Level = LogLevel.Debug, Message = "Connecting to {EndPoint}")]
    public static partial void Connecting(ILogger logger, string endPoint);

    [LoggerMessage(EventId = ShureEventIds.Connected, EventName = nameof(ShureEventIds.Connected), Level = LogLevel.Information, Message = "Connected to {EndPoint}")]
    public static partial void Connected(ILogger logger, string endPoint);

    [LoggerMessage(EventId = ShureEventIds.ConnectionLost, EventName = nameof(ShureEventIds.ConnectionLost), Level = LogLevel.Warning, Message = "Connection to {EndPoint} lost")]
    public static partial void ConnectionLost(ILogger logger, string endPoint, Exception reason);

    [LoggerMessage(EventId = ShureEventIds.ReconnectScheduled, EventName = nameof(ShureEventIds.ReconnectScheduled), Level = LogLevel.Information, Message = "Reconnecting to {EndPoint} in {Delay} (attempt {Attempt})")]
    public static partial void ReconnectScheduled(ILogger logger, string endPoint, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = ShureEventIds.SessionClosed, EventName = nameof(ShureEventIds.SessionClosed), Level = LogLevel.Debug, Message = "Session to {EndPoint} closed")]
    public static partial void SessionClosed(ILogger logger, string endPoint);

    [LoggerMessage(EventId = ShureEventIds.FramesDropped, EventName = nameof(ShureEventIds.FramesDropped), Level = LogLevel.Warning, Message = "{EndPoint}: dropped {ByteCount} bytes ({Reason})")]
    public static partial void FramesDropped(ILogger logger, string endPoint, long byteCount, Protocol.FrameDropReason reason);

    [LoggerMessage(EventId = ShureEventIds.UnparsedFrame, EventName = nameof(ShureEventIds.UnparsedFrame), Level = LogLevel.Debug, Message = "{EndPoint}: ignored a frame that does not parse: {Frame}")]
    public static partial void UnparsedFrame(ILogger logger, string endPoint, string frame);

    [LoggerMessage(EventId = ShureEventIds.SynchronizeFailed, EventName = nameof(ShureEventIds.SynchronizeFailed), Level = LogLevel.Warning, Message = "{EndPoint}: resynchronising after connect failed")]
    public static partial void SynchronizeFailed(ILogger logger, string endPoint, Exception exception);

    [LoggerMessage(EventId = ShureEventIds.ResyncValueUnavailable, EventName = nameof(ShureEventIds.ResyncValueUnavailable), Level = LogLevel.Information, Message = "{EndPoint}: {Parameter} stays unknown ({Reason}); it is asked for again at every resync")]
    public static partial void ResyncValueUnavailable(ILogger logger, string endPoint, string parameter, string reason);

    [LoggerMessage(EventId = ShureEventIds.ResyncDumpFormFailed, EventName = nameof(ShureEventIds.ResyncDumpFormFailed), Level = LogLevel.Information, Message = "{EndPoint}: {Request} was {Reason}; trying the next form of the dump")]
    public static partial void ResyncDumpFormFailed(ILogger logger, string endPoint, Protocol.CommandString request, string reason);

    [LoggerMessage(EventId = ShureEventIds.ResyncCompleted, EventName = nameof(ShureEventIds.ResyncCompleted), Level = LogLevel.Debug, Message = "{EndPoint}: resync done in {Elapsed}: {Requests} requests, {Delivered} values from the dump, {Unknown} unknown")]
    public static partial void ResyncCompleted(ILogger logger, string endPoint, TimeSpan elapsed, int requests, int delivered, int unknown);

    [LoggerMessage(EventId = ShureEventIds.ResyncRetryScheduled, EventName = nameof(ShureEventIds.ResyncRetryScheduled), Level = LogLevel.Information, Message = "{EndPoint}: values are stale after a failed refresh; resynchronising again in {Delay}")]
    public static partial void ResyncRetryScheduled(ILogger logger, string endPoint, TimeSpan delay);

    [LoggerMessage(EventId = ShureEventIds.KeepAliveSent, EventName = nameof(ShureEventIds.KeepAliveSent), Level = LogLevel.Trace, Message = "{EndPoint}: keep-alive")]
    public static partial void KeepAliveSent(ILogger logger, string endPoint);

    [LoggerMessage(EventId = ShureEventIds.KeepAliveFailed, EventName = nameof(ShureEventIds.KeepAliveFailed), Level = LogLevel.Debug, Message = "{EndPoint}: keep-alive failed")]
    public static partial void KeepAliveFailed(ILogger logger, string endPoint, Exception exception);

    [LoggerMessage(EventId = ShureEventIds.LinkDead, EventName = nameof(ShureEventIds.LinkDead), Level = LogLevel.Warning, Message = "{EndPoint}: nothing heard for {Silence}; dropping the link")]
    public static partial void LinkDead(ILogger logger, string endPoint, TimeSpan silence);

    [LoggerMessage(EventId = ShureEventIds.FrameSent, EventName = nameof(ShureEventIds.FrameSent), Level = LogLevel.Trace, Message = "{EndPoint} -> {Frame}")]
    public static partial void FrameSent(ILogger logger, string endPoint, string frame);

    [LoggerMessage(EventId = ShureEventIds.FrameReceived, EventName = nameof(ShureEventIds.FrameReceived), Level = LogLevel.Trace, Message = "{EndPoint} <- {Frame}")]
    public static partial void FrameReceived(ILogger logger, string endPoint, string frame);

    [LoggerMessage(EventId = ShureEventIds.CommandRejected, EventName = nameof(ShureEventIds.CommandRejected), Level = LogLevel.Information, Message = "{EndPoint}: REP ERR for {Command}")]
    public static partial void CommandRejected(ILogger logger, string endPoint, Protocol.CommandString command);

    [LoggerMessage(EventId = ShureEventIds.UnsolicitedError, EventName = nameof(ShureEventIds.UnsolicitedError), Level = LogLevel.Information, Message = "{EndPoint}: REP ERR with no command waiting")]
    public static partial void UnsolicitedError(ILogger logger, string endPoint);

    [LoggerMessage(EventId = ShureEventIds.CommandTimedOut, EventName = nameof(ShureEventIds.CommandTimedOut), Level = LogLevel.Information, Message = "{EndPoint}: no reply to {Command} within {Timeout}")]
    public static partial void CommandTimedOut(ILogger logger, string endPoint, Protocol.CommandString command, TimeSpan timeout);

    [LoggerMessage(EventId = ShureEventIds.InvalidReport, EventName = nameof(ShureEventIds.InvalidReport), Level = LogLevel.Warning, Message = "{EndPoint}: dropped {Report}: {Error} (further ones for the same key are counted, not logged)")]
    public static partial void InvalidReport(ILogger logger, string endPoint, Protocol.CommandString report, string error);

    [LoggerMessage(EventId = ShureEventIds.RejectionAmbiguous, EventName = nameof(ShureEventIds.RejectionAmbiguous), Level = LogLevel.Debug, Message = "{EndPoint}: a REP ERR may be the answer to {Command} or to another command; settling it by reading back")]
    public static partial void RejectionAmbiguous(ILogger logger, string endPoint, Protocol.CommandString command);

    [LoggerMessage(EventId = ShureEventIds.SpellingDeviation, EventName = nameof(ShureEventIds.SpellingDeviation), Level = LogLevel.Information, Message = "{EndPoint}: {Report} uses {Deviation}; read as documented (further ones for the same parameter are not logged)")]
    public static partial void SpellingDeviation(ILogger logger, string endPoint, Protocol.CommandString report, string deviation);

    [LoggerMessage(EventId = ShureEventIds.ResyncTimedOut, EventName = nameof(ShureEventIds.ResyncTimedOut), Level = LogLevel.Warning, Message = "{EndPoint}: the resync reached its bound of {Bound}; {Missing} values stay unknown and are asked for in the background")]
    public static partial void ResyncTimedOut(ILogger logger, string endPoint, TimeSpan bound, int missing);

    [LoggerMessage(EventId = ShureEventIds.DiscoverySendFailed, EventName = nameof(ShureEventIds.DiscoverySendFailed), Level = LogLevel.Debug, Message = "mDNS query on {Interface} failed")]
    public static partial void DiscoverySendFailed(ILogger logger, string @interface, Exception exception);

    [LoggerMessage(EventId = ShureEventIds.DanteUnresolved, EventName = nameof(ShureEventIds.DanteUnresolved), Level = LogLevel.Debug, Message = "{Host} was found only through its Dante interface, and its packet bridge did not name a control address: {Reason}")]
    public static partial void DanteUnresolved(ILogger logger, string host, string reason);

    [LoggerMessage(EventId = ShureEventIds.DiscoveryInterfacesChanged, EventName = nameof(ShureEventIds.DiscoveryInterfacesChanged), Level = LogLevel.Information, Message = "mDNS browsing now on {Interfaces}")]
    public static partial void DiscoveryInterfacesChanged(ILogger logger, string interfaces);

    [LoggerMessage(EventId = ShureEventIds.DiscoveryMalformedPacket, EventName = nameof(ShureEventIds.DiscoveryMalformedPacket), Level = LogLevel.Debug, Message = "Dropped a malformed mDNS packet from {Remote}: {Error}")]
    public static partial void DiscoveryMalformedPacket(ILogger logger, System.Net.EndPoint remote, string? error);

    [LoggerMessage(EventId = ShureEventIds.DiscoveryReceiveFailed, EventName = nameof(ShureEventIds.DiscoveryReceiveFailed), Level = LogLevel.Warning, Message = "Stopped listening for mDNS on {Interface}")]
    public static partial void DiscoveryReceiveFailed(ILogger logger, string @interface, Exception exception);

    [LoggerMessage(EventId = ShureEventIds.BridgeQuerySent, EventName = nameof(ShureEventIds.BridgeQuerySent), Level = LogLevel.Debug, Message = "Packet-bridge query to {Bridge} (attempt {Attempt})")]
    public static partial void BridgeQuerySent(ILogger logger, System.Net.EndPoint bridge, int attempt);

    [LoggerMessage(EventId = ShureEventIds.BridgeAnswered, EventName = nameof(ShureEventIds.BridgeAnswered), Level = LogLevel.Debug, Message = "Packet bridge {Bridge} answered {Reply}")]
    public static partial void BridgeAnswered(ILogger logger, System.Net.EndPoint bridge, PacketBridge.PacketBridgeReply reply);

    [LoggerMessage(EventId = ShureEventIds.BridgeIgnored, EventName = nameof(ShureEventIds.BridgeIgnored), Level = LogLevel.Debug, Message = "Ignored a {Length}-byte datagram from {Remote}: not a plausible packet-bridge reply from the queried device or the control address it names")]
    public static partial void BridgeIgnored(ILogger logger, System.Net.EndPoint remote, int length);

    [LoggerMessage(EventId = ShureEventIds.EventHandlerFailed, EventName = nameof(ShureEventIds.EventHandlerFailed), Level = LogLevel.Error, Message = "{EndPoint}: an event handler threw")]
    public static partial void EventHandlerFailed(ILogger logger, string endPoint, Exception exception);
}
