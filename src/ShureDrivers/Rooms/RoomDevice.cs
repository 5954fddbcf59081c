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

    /// <summary>Desired output states by channel (1..4).</summary>
    public IReadOnlyDictionary<int, RoomOutput> Outputs { get; init; } = new Dictionary<int, RoomOutput>();
}
