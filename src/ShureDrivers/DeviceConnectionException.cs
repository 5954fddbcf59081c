using System;

namespace ShureDrivers;

/// <summary>The connection could not be made, was lost, or is not up. Transient: it may come back.</summary>
public sealed class DeviceConnectionException : ShureDeviceException
{
    /// <summary>Creates the exception.</summary>
    public DeviceConnectionException(string message, string? endPoint = null, Exception? innerException = null)
        : base(message, endPoint, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
