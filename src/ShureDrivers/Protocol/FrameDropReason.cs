namespace ShureDrivers.Protocol;

/// <summary>Why <see cref="CommandStringFramer"/> discarded bytes.</summary>
internal enum FrameDropReason
{
    /// <summary>Bytes between frames that are neither a frame nor whitespace.</summary>
    Junk,

    /// <summary>A frame longer than the cap (a lost <c>&gt;</c> or <c>}</c>); the framer resynchronised on the next <c>&lt;</c>.</summary>
    Oversized,

    /// <summary>A frame cut short by a new <c>&lt;</c> outside braces before its <c>&gt;</c>.</summary>
    Interrupted,
}
