using System;

namespace ShureDrivers.Simulator.Internal;

/// <summary>Identifies one value in the device state: a parameter, with its channel and index where it has them (-1 for none).</summary>
internal readonly struct StateKey : IEquatable<StateKey>
{
    public StateKey(string name, int channel = -1, int index = -1)
    {
        Name = name;
        Channel = channel;
        Index = index;
    }

    public string Name { get; }

    public int Channel { get; }

    public int Index { get; }

    public bool Equals(StateKey other) =>
        Channel == other.Channel && Index == other.Index && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is StateKey other && Equals(other);

    public override int GetHashCode() => (StringComparer.Ordinal.GetHashCode(Name) * 31) + (Channel * 7) + Index;

    public override string ToString() => $"{Name}[{Channel},{Index}]";
}
