using System;

namespace ShureDrivers.Internal;

/// <summary>Identifies one value of a device's state: a parameter, with its channel and index where it has them (-1 for none).</summary>
internal readonly struct ParameterKey : IEquatable<ParameterKey>
{
    public ParameterKey(string name, int channel = -1, int index = -1)
    {
        Name = name;
        Channel = channel;
        Index = index;
    }

    public string Name { get; }

    public int Channel { get; }

    public int Index { get; }

    public bool Equals(ParameterKey other) =>
        Channel == other.Channel && Index == other.Index && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ParameterKey other && Equals(other);

    public override int GetHashCode() => (StringComparer.Ordinal.GetHashCode(Name) * 31) + (Channel * 7) + Index;

    public static ParameterKey Of(Protocol.CommandString frame) => new(frame.Name, frame.Channel ?? -1, frame.Index ?? -1);

    public override string ToString() => $"{Name}[{Channel},{Index}]";
}
