using System;

namespace ShureDrivers;

/// <summary>The device answered <c>&lt; REP ERR &gt;</c>. Not transient: the same command will be refused again.</summary>
public sealed class DeviceCommandRejectedException : ShureDeviceException
{
    /// <summary>Creates the exception.</summary>
    public DeviceCommandRejectedException(string message, string command, string? endPoint = null, Exception? innerException = null)
        : base(message, endPoint, innerException)
    {
        Command = command;
    }

    /// <summary>The command the device refused, as sent.</summary>
    public string Command { get; }

    /// <inheritdoc />
    public override bool IsTransient => false;
}
