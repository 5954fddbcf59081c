using System;

namespace ShureDrivers.Protocol;

/// <summary>Describes bytes that <see cref="CommandStringFramer"/> discarded.</summary>
internal sealed class FrameDroppedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public FrameDroppedEventArgs(FrameDropReason reason, long byteCount)
    {
        Reason = reason;
        ByteCount = byteCount;
    }

    /// <summary>Why the bytes were discarded.</summary>
    public FrameDropReason Reason { get; }

    /// <summary>How many bytes were discarded.</summary>
    public long ByteCount { get; }
}
