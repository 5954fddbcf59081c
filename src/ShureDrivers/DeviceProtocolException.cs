using System;

namespace ShureDrivers;

/// <summary>The device sent something that breaks the protocol (a malformed or impossible reply). Not transient.</summary>
public sealed class DeviceProtocolException : ShureDeviceException
{
    /// <summary>Creates the exception.</summary>
    public DeviceProtocolException(string message, string? endPoint = null, Exception? innerException = null)
        : base(message, endPoint, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => false;
}
