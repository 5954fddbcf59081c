using System;
using System.Globalization;

namespace ShureDrivers.Protocol;

/// <summary>An inclusive range of integers.</summary>
public readonly struct ValueRange : IEquatable<ValueRange>
{
    /// <summary>Creates the range <paramref name="min"/>..<paramref name="max"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="max"/> is below <paramref name="min"/>.</exception>
    public ValueRange(int min, int max)
    {
        if (max < min)
        {
            throw new ArgumentException($"The range {min}..{max} is empty.", nameof(max));
        }

        Min = min;
        Max = max;
    }

    /// <summary>The smallest value in the range.</summary>
    public int Min { get; }

    /// <summary>The largest value in the range.</summary>
    public int Max { get; }

    /// <summary>True when <paramref name="value"/> lies in the range.</summary>
    public bool Contains(int value) => value >= Min && value <= Max;

    /// <summary>The value moved into the range.</summary>
    public int Clamp(int value) => value < Min ? Min : value > Max ? Max : value;

    /// <inheritdoc />
    public bool Equals(ValueRange other) => Min == other.Min && Max == other.Max;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ValueRange other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (Min * 397) ^ Max;

    /// <summary>Compares two ranges.</summary>
    public static bool operator ==(ValueRange left, ValueRange right) => left.Equals(right);

    /// <summary>Compares two ranges.</summary>
    public static bool operator !=(ValueRange left, ValueRange right) => !left.Equals(right);

    /// <summary><c>min..max</c>.</summary>
    public override string ToString() =>
        Min.ToString(CultureInfo.InvariantCulture) + ".." + Max.ToString(CultureInfo.InvariantCulture);
}
