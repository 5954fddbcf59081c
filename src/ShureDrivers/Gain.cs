using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>
/// A digital gain in decibels, in the device's 0.1 dB steps from −110.0 dB to +30.0 dB. Owns the device encoding
/// (<c>AUDIO_GAIN_HI_RES</c>: raw = dB × 10 + 1100, raw 0..1400), so no raw integers leak into the API.
/// </summary>
/// <remarks>
/// <c>default(Gain)</c> is 0.0 dB (unity). Construction is range-checked; dB values are rounded to the nearest
/// 0.1 dB, halves away from zero, using decimal arithmetic so that −6.55 becomes −6.6 as written, not as stored in a
/// double.
/// </remarks>
public readonly struct Gain : IEquatable<Gain>, IComparable<Gain>, IComparable, IFormattable
{
    /// <summary>Device units per dB.</summary>
    public const int StepsPerDb = 10;

    /// <summary>Lowest gain in tenths of a dB (−110.0 dB).</summary>
    public const int MinTenthsOfDb = -Ani4OutCommandTable.GainOffset;

    /// <summary>Highest gain in tenths of a dB (+30.0 dB).</summary>
    public const int MaxTenthsOfDb = Ani4OutCommandTable.GainRawMax - Ani4OutCommandTable.GainOffset;

    private readonly int _tenths;

    private Gain(int tenthsOfDb) => _tenths = tenthsOfDb;

    /// <summary>−110.0 dB, the bottom of the range (raw 0).</summary>
    public static Gain MinValue => new(MinTenthsOfDb);

    /// <summary>+30.0 dB, the top of the range (raw 1400).</summary>
    public static Gain MaxValue => new(MaxTenthsOfDb);

    /// <summary>0.0 dB (raw 1100).</summary>
    public static Gain Unity => default;

    /// <summary>The gain in dB.</summary>
    public double Decibels => _tenths / 10.0;

    /// <summary>The gain in tenths of a dB, exact.</summary>
    public int TenthsOfDb => _tenths;

    /// <summary>The device's raw value, 0..1400.</summary>
    public int Raw => _tenths + Ani4OutCommandTable.GainOffset;

    /// <summary>A gain from dB, rounded to 0.1 dB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a number, or outside −110.0..+30.0 dB after rounding.</exception>
    public static Gain FromDb(double decibels)
    {
        if (!TryFromDb(decibels, out var gain))
        {
            throw new ArgumentOutOfRangeException(nameof(decibels), decibels, "Gain must be between -110.0 dB and +30.0 dB.");
        }

        return gain;
    }

    /// <summary>A gain from dB, rounded to 0.1 dB; false when out of range or not a number.</summary>
    public static bool TryFromDb(double decibels, out Gain gain)
    {
        gain = default;
        if (double.IsNaN(decibels) || decibels < -200 || decibels > 200)
        {
            return false;
        }

        var tenths = (int)Math.Round((decimal)decibels * StepsPerDb, MidpointRounding.AwayFromZero);
        if (tenths is < MinTenthsOfDb or > MaxTenthsOfDb)
        {
            return false;
        }

        gain = new Gain(tenths);
        return true;
    }

    /// <summary>A gain from dB, moved into range instead of refused (NaN is refused).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a number.</exception>
    public static Gain FromDbClamped(double decibels)
    {
        if (double.IsNaN(decibels))
        {
            throw new ArgumentOutOfRangeException(nameof(decibels), decibels, "Gain must be a number.");
        }

        return FromDb(Math.Max(MinValue.Decibels, Math.Min(MaxValue.Decibels, decibels)));
    }

    /// <summary>A gain from tenths of a dB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside −1100..300.</exception>
    public static Gain FromTenthsOfDb(int tenthsOfDb)
    {
        if (tenthsOfDb is < MinTenthsOfDb or > MaxTenthsOfDb)
        {
            throw new ArgumentOutOfRangeException(nameof(tenthsOfDb), tenthsOfDb, "Gain must be between -1100 and 300 tenths of a dB.");
        }

        return new Gain(tenthsOfDb);
    }

    /// <summary>The escape hatch: a gain from the device's raw value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0..1400.</exception>
    public static Gain FromRaw(int raw)
    {
        if (!TryFromRaw(raw, out var gain))
        {
            throw new ArgumentOutOfRangeException(nameof(raw), raw, "Raw gain must be between 0 and 1400.");
        }

        return gain;
    }

    /// <summary>A gain from the device's raw value; false when outside 0..1400.</summary>
    public static bool TryFromRaw(int raw, out Gain gain)
    {
        gain = default;
        if (raw is < 0 or > Ani4OutCommandTable.GainRawMax)
        {
            return false;
        }

        gain = new Gain(raw - Ani4OutCommandTable.GainOffset);
        return true;
    }

    /// <summary>This gain moved by <paramref name="tenthsOfDb"/>, clamped to the range, as the device does for INC/DEC.</summary>
    public Gain AddClamped(int tenthsOfDb)
    {
        var sum = (long)_tenths + tenthsOfDb;
        return new Gain((int)Math.Max(MinTenthsOfDb, Math.Min(MaxTenthsOfDb, sum)));
    }

    /// <summary>Parses <c>-6.5</c>, <c>-6.5 dB</c>, <c>+3dB</c> (invariant culture).</summary>
    /// <exception cref="FormatException">Not a gain.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Outside the range.</exception>
    public static Gain Parse(string text)
    {
        Internal.Guard.NotNull(text, nameof(text));
        if (!TryParseDb(text, out var db))
        {
            throw new FormatException($"'{text}' is not a gain in dB.");
        }

        return FromDb(db);
    }

    /// <summary>Parses a gain; false when not a gain or out of range.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Gain gain)
    {
        gain = default;
        return text is not null && TryParseDb(text, out var db) && TryFromDb(db, out gain);
    }

    private static bool TryParseDb(string text, out double db)
    {
        var t = text.Trim();
        if (t.EndsWith("dB", StringComparison.OrdinalIgnoreCase))
        {
            t = t.Substring(0, t.Length - 2).TrimEnd();
        }

        return double.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out db);
    }

    /// <inheritdoc />
    public bool Equals(Gain other) => _tenths == other._tenths;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Gain other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _tenths;

    /// <inheritdoc />
    public int CompareTo(Gain other) => _tenths.CompareTo(other._tenths);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Gain other => CompareTo(other),
        _ => throw new ArgumentException("Object is not a Gain.", nameof(obj)),
    };

    /// <summary>Compares two gains.</summary>
    public static bool operator ==(Gain left, Gain right) => left.Equals(right);

    /// <summary>Compares two gains.</summary>
    public static bool operator !=(Gain left, Gain right) => !left.Equals(right);

    /// <summary>Compares two gains.</summary>
    public static bool operator <(Gain left, Gain right) => left._tenths < right._tenths;

    /// <summary>Compares two gains.</summary>
    public static bool operator >(Gain left, Gain right) => left._tenths > right._tenths;

    /// <summary>Compares two gains.</summary>
    public static bool operator <=(Gain left, Gain right) => left._tenths <= right._tenths;

    /// <summary>Compares two gains.</summary>
    public static bool operator >=(Gain left, Gain right) => left._tenths >= right._tenths;

    /// <summary><c>-6.5 dB</c>, <c>0.0 dB</c>, <c>+3.0 dB</c> (invariant culture).</summary>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Formats the dB value with <paramref name="format"/> (default <c>0.0</c>) followed by <c> dB</c>; positive gains carry a plus sign.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        var number = Decibels.ToString(string.IsNullOrEmpty(format) ? "0.0" : format, formatProvider ?? CultureInfo.InvariantCulture);
        return (_tenths > 0 ? "+" : string.Empty) + number + " dB";
    }
}
