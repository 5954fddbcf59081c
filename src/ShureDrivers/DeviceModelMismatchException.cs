using System;

namespace ShureDrivers;

/// <summary>
/// The device at the address is another model (its <c>MODEL</c> reply does not start with
/// <see cref="DeviceSessionOptions.ExpectedModelPrefix"/>): an MXA920, a P300, an SLXD4D… Not transient.
/// </summary>
public sealed class DeviceModelMismatchException : ShureDeviceException
{
    /// <summary>Creates the exception.</summary>
    public DeviceModelMismatchException(string message, string reportedModel, string expectedModelPrefix, string? endPoint = null, Exception? innerException = null)
        : base(message, endPoint, innerException)
    {
        ReportedModel = reportedModel;
        ExpectedModelPrefix = expectedModelPrefix;
    }

    /// <summary>What the device answered to <c>GET MODEL</c>, e.g. <c>P300</c>.</summary>
    public string ReportedModel { get; }

    /// <summary>What the model was expected to start with.</summary>
    public string ExpectedModelPrefix { get; }

    /// <inheritdoc />
    public override bool IsTransient => false;
}
