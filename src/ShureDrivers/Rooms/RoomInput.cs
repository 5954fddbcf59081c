namespace ShureDrivers.Rooms;

/// <summary>The desired state of one ANI4IN input; null leaves a setting as it is.</summary>
public sealed class RoomInput
{
    /// <summary>The digital gain.</summary>
    public Gain? Gain { get; init; }

    /// <summary>The preamp (analog) gain in dB: 0, 3, 6 … 51.</summary>
    public int? AnalogGainDb { get; init; }

    /// <summary>Muted or not.</summary>
    public bool? Muted { get; init; }

    /// <summary>48 V phantom power on or off.</summary>
    public bool? Phantom { get; init; }
}
