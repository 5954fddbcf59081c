using Microsoft.Extensions.Logging;

namespace ShureDrivers.Simulator.Panel.Internal;

/// <summary>The panel's log records (event ids 9500-9509).</summary>
internal static partial class PanelLog
{
    [LoggerMessage(EventId = 9500, Level = LogLevel.Information, Message = "Simulator panel at {Url} showing {Count} device(s)")]
    public static partial void Started(ILogger logger, string url, int count);

    [LoggerMessage(EventId = 9501, Level = LogLevel.Warning, Message = "The simulator panel listens on {Address}, not loopback: anyone who reaches it can change and fault the simulated devices")]
    public static partial void NotLoopback(ILogger logger, string address);

    [LoggerMessage(EventId = 9502, Level = LogLevel.Warning, Message = "Simulator panel refused {Method} {Path}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string path, string reason);
}
