using System;

namespace ShureDrivers;

/// <summary>A change of <see cref="DeviceSession.State"/>.</summary>
public sealed class ConnectionStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public ConnectionStateChangedEventArgs(ConnectionState previous, ConnectionState current, Exception? reason)
    {
        Previous = previous;
        Current = current;
        Reason = reason;
    }

    /// <summary>The state before.</summary>
    public ConnectionState Previous { get; }

    /// <summary>The state now.</summary>
    public ConnectionState Current { get; }

    /// <summary>Why the link went down, when it did.</summary>
    public Exception? Reason { get; }
}
