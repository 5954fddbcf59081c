using System;

namespace ShureDrivers.Internal;

/// <summary>
/// Internal only: a <c>REP ERR</c> that could belong to this command or to another one written before or after it.
/// The session settles it by reading back (<c>DeviceSession.SettleAsync</c>) and never lets it reach a caller.
/// </summary>
internal sealed class AmbiguousRejectionException(DeviceCommandRejectedException ifRejected) : Exception(ifRejected.Message)
{
    /// <summary>What the caller gets if the read-back shows the device did not take the command.</summary>
    public DeviceCommandRejectedException IfRejected { get; } = ifRejected;
}
