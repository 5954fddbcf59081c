using System.Collections.Generic;

namespace ShureDrivers.Rooms;

/// <summary>One device of a room and its desired state.</summary>
public sealed class RoomDevice
{
    /// <summary>A name for reports.</summary>
    public required string Name { get; init; }

    /// <summary>How to find it.</summary>
    public required RoomDeviceLocator Find { get; init; }

    /// <summary>The preset to recall first (1..10), or null.</summary>
    public int? Preset { get; init; }

    /// <summary>
    /// The model the device must be, <c>ANI4OUT</c> or <c>ANI4IN</c>, or null: then <see cref="Outputs"/> imply an
    /// ANI4OUT, <see cref="Inputs"/> an ANI4IN, and a device with neither may be either. Checked against the device's
    /// <c>MODEL</c> before anything is changed.
    /// </summary>
    public string? Model { get; init; }

    /// <summary>Desired output states by channel (1..4), for an ANI4OUT.</summary>
    public IReadOnlyDictionary<int, RoomOutput> Outputs { get; init; } = new Dictionary<int, RoomOutput>();

    /// <summary>Desired input states by channel (1..4), for an ANI4IN.</summary>
    public IReadOnlyDictionary<int, RoomInput> Inputs { get; init; } = new Dictionary<int, RoomInput>();

    /// <summary>The model the file asks for: <see cref="Model"/>, else what <see cref="Outputs"/> or <see cref="Inputs"/> imply, else null.</summary>
    internal string? ExpectedModel => Model ?? (Inputs.Count > 0 ? "ANI4IN" : Outputs.Count > 0 ? "ANI4OUT" : null);
}
