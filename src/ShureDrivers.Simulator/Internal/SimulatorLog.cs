using Microsoft.Extensions.Logging;

namespace ShureDrivers.Simulator.Internal;

internal static partial class SimulatorLog
{
    public const string Category = "ShureDrivers.Simulator";

    [LoggerMessage(EventId = SimulatorEventIds.Started, EventName = "SimulatorStarted", Level = LogLevel.Information, Message = "Simulated {Model} {HostName} ({Mac}) ready")]
    public static partial void Started(ILogger logger, string model, string hostName, string mac);

    [LoggerMessage(EventId = SimulatorEventIds.SessionOpened, EventName = "SimulatorSessionOpened", Level = LogLevel.Debug, Message = "{HostName}: session {SessionId} opened")]
    public static partial void SessionOpened(ILogger logger, string hostName, int sessionId);

    [LoggerMessage(EventId = SimulatorEventIds.SessionClosed, EventName = "SimulatorSessionClosed", Level = LogLevel.Debug, Message = "{HostName}: session {SessionId} closed")]
    public static partial void SessionClosed(ILogger logger, string hostName, int sessionId);

    [LoggerMessage(EventId = SimulatorEventIds.FrameReceived, EventName = "SimulatorFrameReceived", Level = LogLevel.Trace, Message = "{HostName}: session {SessionId} <- {Frame}")]
    public static partial void FrameReceived(ILogger logger, string hostName, int sessionId, string frame);

    [LoggerMessage(EventId = SimulatorEventIds.CommandRejected, EventName = "SimulatorCommandRejected", Level = LogLevel.Debug, Message = "{HostName}: REP ERR for {Frame}: {Reason}")]
    public static partial void CommandRejected(ILogger logger, string hostName, string frame, string reason);

    [LoggerMessage(EventId = SimulatorEventIds.Rebooting, EventName = "SimulatorRebooting", Level = LogLevel.Information, Message = "{HostName}: rebooting; back in {BootTime}")]
    public static partial void Rebooting(ILogger logger, string hostName, System.TimeSpan bootTime);

    [LoggerMessage(EventId = SimulatorEventIds.ConnectionRefused, EventName = "SimulatorConnectionRefused", Level = LogLevel.Debug, Message = "{HostName}: connection refused ({Reason})")]
    public static partial void ConnectionRefused(ILogger logger, string hostName, string reason);

    [LoggerMessage(EventId = SimulatorEventIds.OutputDropped, EventName = "SimulatorOutputDropped", Level = LogLevel.Warning, Message = "{HostName}: session {SessionId} is not reading; {Dropped} outgoing frames dropped so far (logged at 1, 10, 100, …)")]
    public static partial void OutputDropped(ILogger logger, string hostName, int sessionId, long dropped);

    [LoggerMessage(EventId = SimulatorEventIds.PacketBridgeAnswered, EventName = "SimulatorPacketBridgeAnswered", Level = LogLevel.Debug, Message = "{HostName}: packet bridge answered {Remote}")]
    public static partial void PacketBridgeAnswered(ILogger logger, string hostName, System.Net.EndPoint remote);

    [LoggerMessage(EventId = SimulatorEventIds.MdnsMalformedPacket, EventName = "SimulatorMdnsMalformedPacket", Level = LogLevel.Debug, Message = "mDNS: dropped a malformed packet from {Remote}")]
    public static partial void MdnsMalformedPacket(ILogger logger, System.Net.EndPoint remote);

    [LoggerMessage(EventId = SimulatorEventIds.MdnsConflict, EventName = "SimulatorMdnsConflict", Level = LogLevel.Warning, Message = "mDNS: {Name} is taken by another host; using {NewName}")]
    public static partial void MdnsConflict(ILogger logger, string name, string newName);

    [LoggerMessage(EventId = SimulatorEventIds.MdnsLinkChanged, EventName = "SimulatorMdnsLinkChanged", Level = LogLevel.Information, Message = "mDNS: {Address} is {State}")]
    public static partial void MdnsLinkChanged(ILogger logger, System.Net.IPAddress address, string state);
}
