using Microsoft.Extensions.Logging;

namespace ShureDrivers.Hosting.Internal;

/// <summary>The hosting package's log messages (event IDs 5000-5099).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 5000, EventName = "DeviceOpened", Level = LogLevel.Information, Message = "{Name}: connecting in the background to {EndPoint}")]
    public static partial void Opened(ILogger logger, string name, string endPoint);

    [LoggerMessage(EventId = 5001, EventName = "DeviceStateChanged", Level = LogLevel.Information, Message = "{Name}: {Previous} -> {Current} {Reason}")]
    public static partial void StateChanged(ILogger logger, string name, ConnectionState previous, ConnectionState current, string reason);

    [LoggerMessage(EventId = 5004, EventName = "DeviceIsAnotherModel", Level = LogLevel.Error, Message = "{Name} answers as an {Reported}, but is configured as an {Configured}: it stays down. Set Shure:Devices:{Name}:Model to {Suggested} (the typed object is chosen when the host starts, before any connect)")]
    public static partial void AnotherModel(ILogger logger, string name, string reported, string configured, string suggested);

    [LoggerMessage(EventId = 5005, EventName = "DeviceIdentifying", Level = LogLevel.Information, Message = "{Name}: Model AUTO, asking {Host} what it is")]
    public static partial void Identifying(ILogger logger, string name, string host);

    [LoggerMessage(EventId = 5006, EventName = "DeviceIdentified", Level = LogLevel.Information, Message = "{Name}: answers as an {Model}, opened as an {Type}")]
    public static partial void Identified(ILogger logger, string name, string model, string type);

    [LoggerMessage(EventId = 5007, EventName = "DeviceNotIdentified", Level = LogLevel.Warning, Message = "{Name}: not identified yet: {Reason}")]
    public static partial void NotIdentified(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 5002, EventName = "DeviceSynchronized", Level = LogLevel.Information, Message = "{Name}: resynchronised; {Channel} 1 is {Gain}")]
    public static partial void Synchronized(ILogger logger, string name, string channel, string gain);

    [LoggerMessage(EventId = 5003, EventName = "DeviceValueChanged", Level = LogLevel.Information, Message = "{Name}: {Parameter} (channel {Channel}) {Old} -> {New}")]
    public static partial void ValueChanged(ILogger logger, string name, string parameter, string channel, string old, string @new);
}
