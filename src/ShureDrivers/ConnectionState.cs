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

    /// <summary>
    /// The link is up and the owning device object is reading the device's state (after a connect or reconnect).
    /// Commands are sent (the resync needs them), and typed values read null until it ends; then
    /// <see cref="Connected"/>. Raw sessions without a device object never enter it.
    /// </summary>
    Synchronizing,
}
