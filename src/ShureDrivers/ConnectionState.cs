namespace ShureDrivers;

/// <summary>Where a <see cref="DeviceSession"/> stands.</summary>
public enum ConnectionState
{
    /// <summary>Not started.</summary>
    Disconnected,

    /// <summary>Making the first connection.</summary>
    Connecting,

    /// <summary>Connected and usable.</summary>
    Connected,

    /// <summary>The link was lost; trying again with backoff. Commands fail fast meanwhile.</summary>
    Reconnecting,

    /// <summary>Disposed; it will not connect again.</summary>
    Closed,
}
