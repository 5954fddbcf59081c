using System;
using Microsoft.AspNetCore.Http;

namespace ShureDrivers.Simulator.Panel.Internal;

/// <summary>A request the panel refuses before anything changes; its message is shown to the person.</summary>
internal sealed class PanelInputException(string message, int status = StatusCodes.Status400BadRequest) : Exception(message)
{
    public int Status { get; } = status;
}
