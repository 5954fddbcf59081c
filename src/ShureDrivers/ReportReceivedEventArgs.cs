using System;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>A REP (or REP ERR) the device sent, whether it answered a command or reported a change.</summary>
public sealed class ReportReceivedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public ReportReceivedEventArgs(CommandString report, DateTimeOffset receivedAt)
    {
        Report = report;
        ReceivedAt = receivedAt;
    }

    /// <summary>The frame.</summary>
    public CommandString Report { get; }

    /// <summary>When it arrived (session clock).</summary>
    public DateTimeOffset ReceivedAt { get; }
}
