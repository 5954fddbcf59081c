namespace ShureDrivers.Rooms;

/// <summary>One setting of one device: where, from what, to what, and what happened.</summary>
public sealed class RoomSettingReport
{
    /// <summary>Creates a report line.</summary>
    public RoomSettingReport(string path, string? from, string to, RoomSettingResult result, string? error = null)
    {
        Path = path;
        From = from;
        To = to;
        Result = result;
        Error = error;
    }

    /// <summary><c>preset</c>, <c>outputs.2.gainDb</c>, <c>outputs.2.muted</c>, <c>outputs.2.level</c>.</summary>
    public string Path { get; }

    /// <summary>The value before (as in the room file's notation), or null when unknown.</summary>
    public string? From { get; }

    /// <summary>The desired value.</summary>
    public string To { get; }

    /// <summary>What happened.</summary>
    public RoomSettingResult Result { get; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Path}: {From ?? "?"} -> {To} {Result}{(Error is null ? string.Empty : " (" + Error + ")")}";
}
