namespace ShureDrivers.Cli.Probe;

/// <summary>One frame as the device sent it, with the bytes that came between it and the frame before (escaped).</summary>
internal sealed record ProbeFrame(string Text, long Timestamp, string Before);
