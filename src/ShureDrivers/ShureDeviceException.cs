using System;

namespace ShureDrivers;

/// <summary>
/// The base of every error the library raises about a device. <see cref="IsTransient"/> says whether trying again
/// later may succeed (a dropped link, a timeout), as opposed to a request the device will always refuse.
/// </summary>
/// <remarks>The caller's own cancellation is never one of these: it stays <see cref="OperationCanceledException"/>.</remarks>
public abstract class ShureDeviceException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected ShureDeviceException(string message, string? endPoint, Exception? innerException = null)
        : base(message, innerException)
    {
        EndPoint = endPoint;
    }

    /// <summary>The device's <c>host:port</c>, when known.</summary>
    public string? EndPoint { get; }

    /// <summary>True when the same request may succeed later.</summary>
    public abstract bool IsTransient { get; }
}
