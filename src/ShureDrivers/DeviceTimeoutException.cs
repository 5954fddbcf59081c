using System;

namespace ShureDrivers;

/// <summary>Our own timer ran out waiting for the device (never the caller's token). Transient.</summary>
public sealed class DeviceTimeoutException : ShureDeviceException
{
    /// <summary>Creates the exception.</summary>
    public DeviceTimeoutException(string message, TimeSpan elapsed, string? endPoint = null, Exception? innerException = null)
        : base(message, endPoint, innerException)
    {
        Elapsed = elapsed;
    }

    /// <summary>How long we waited.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
