namespace ShureDrivers.Simulator.Panel.Internal;

/// <summary>One frame of a device's wire log: when (ms since the panel started), which way, and its text.</summary>
internal readonly record struct WireFrame(long Sequence, long AtMilliseconds, bool Outgoing, string Text);
