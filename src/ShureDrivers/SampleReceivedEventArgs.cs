using System;
using System.Collections.Generic;

namespace ShureDrivers;

/// <summary>A SAMPLE line: raw meter values (000–060) in field order.</summary>
public sealed class SampleReceivedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public SampleReceivedEventArgs(IReadOnlyList<int> levels, DateTimeOffset receivedAt)
    {
        Levels = levels;
        ReceivedAt = receivedAt;
    }

    /// <summary>The raw values, output 1 first.</summary>
    public IReadOnlyList<int> Levels { get; }

    /// <summary>When it arrived (session clock).</summary>
    public DateTimeOffset ReceivedAt { get; }
}
