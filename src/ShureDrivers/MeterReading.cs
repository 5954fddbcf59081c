using System;
using System.Globalization;

namespace ShureDrivers;

/// <summary>
/// One SAMPLE line: the level of each channel (an ANI4OUT's outputs, an ANI4IN's inputs) in dBFS (raw value − 60: 060 is 0 dBFS, 000 is −60 dBFS or below).
/// A value type that holds the four raw values inline, so metering allocates nothing per reading.
/// </summary>
public readonly struct MeterReading : IEquatable<MeterReading>
{
    /// <summary>Raw value of 0 dBFS.</summary>
    public const int FullScale = 60;

    // The values a SAMPLE line carries: the four channels of an ANI4OUT or an ANI4IN.
    internal const int ChannelCount = 4;

    private readonly byte _raw1;
    private readonly byte _raw2;
    private readonly byte _raw3;
    private readonly byte _raw4;

    /// <summary>Creates a reading from raw values 0..60 for outputs 1..4.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value outside 0..60.</exception>
    public MeterReading(DateTimeOffset timestamp, int raw1, int raw2, int raw3, int raw4)
    {
        Timestamp = timestamp;
        _raw1 = Check(raw1, nameof(raw1));
        _raw2 = Check(raw2, nameof(raw2));
        _raw3 = Check(raw3, nameof(raw3));
        _raw4 = Check(raw4, nameof(raw4));
    }

    /// <summary>When the line arrived.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The level of output 1..4 in dBFS (−60 means −60 or below).</summary>
    public double this[int output] => Raw(output) - FullScale;

    /// <summary>The raw value (0..60) of output 1..4.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An output outside 1..4.</exception>
    public int Raw(int output) => output switch
    {
        1 => _raw1,
        2 => _raw2,
        3 => _raw3,
        4 => _raw4,
        _ => throw new ArgumentOutOfRangeException(nameof(output), output, "Outputs are 1..4."),
    };

    /// <inheritdoc />
    public bool Equals(MeterReading other) =>
        Timestamp == other.Timestamp && _raw1 == other._raw1 && _raw2 == other._raw2 && _raw3 == other._raw3 && _raw4 == other._raw4;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MeterReading other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Timestamp.GetHashCode() ^ (_raw1 << 24) ^ (_raw2 << 16) ^ (_raw3 << 8) ^ _raw4;

    /// <summary>Compares two readings.</summary>
    public static bool operator ==(MeterReading left, MeterReading right) => left.Equals(right);

    /// <summary>Compares two readings.</summary>
    public static bool operator !=(MeterReading left, MeterReading right) => !left.Equals(right);

    /// <summary><c>-12 -20 -60 0 dBFS</c>.</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} {1} {2} {3} dBFS", this[1], this[2], this[3], this[4]);

    private static byte Check(int raw, string name) =>
        raw is >= 0 and <= FullScale ? (byte)raw : throw new ArgumentOutOfRangeException(name, raw, "Meter values are 0..60.");
}
