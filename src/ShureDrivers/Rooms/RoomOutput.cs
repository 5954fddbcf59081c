namespace ShureDrivers.Rooms;

/// <summary>The desired state of one output; null leaves a setting as it is.</summary>
public sealed class RoomOutput
{
    /// <summary>The gain.</summary>
    public Gain? Gain { get; init; }

    /// <summary>Muted or not.</summary>
    public bool? Muted { get; init; }

    /// <summary>The analog level.</summary>
    public OutputLevel? Level { get; init; }
}
