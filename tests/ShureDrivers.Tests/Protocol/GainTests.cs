using System;
using NUnit.Framework;

namespace ShureDrivers.Tests.Protocol;

public class GainTests
{
    [TestCase(-6.5, 1035)]
    [TestCase(0.0, 1100)]
    [TestCase(-110.0, 0)]
    [TestCase(30.0, 1400)]
    [TestCase(-6.0, 1040)]
    [TestCase(0.1, 1101)]
    [TestCase(-0.1, 1099)]
    [TestCase(-6.55, 1034)]
    [TestCase(-6.549, 1035)]
    [TestCase(12.35, 1224)]
    [TestCase(-109.95, 0)]
    public void FromDb_RoundsToTenthsAndEncodes(double db, int raw)
    {
        Assert.That(Gain.FromDb(db).Raw, Is.EqualTo(raw));
    }

    [TestCase(-110.06)]
    [TestCase(30.05)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    [TestCase(1e300)]
    public void FromDb_OutOfRange_Throws(double db)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Gain.FromDb(db));
        Assert.That(Gain.TryFromDb(db, out _), Is.False);
    }

    [Test]
    public void FromRaw_IsTheEscapeHatch()
    {
        Assert.That(Gain.FromRaw(1035).Decibels, Is.EqualTo(-6.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gain.FromRaw(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gain.FromRaw(1401));
        Assert.That(Gain.TryFromRaw(1401, out _), Is.False);
    }

    [Test]
    public void EveryRawValue_RoundTripsThroughDb()
    {
        for (var raw = 0; raw <= 1400; raw++)
        {
            var gain = Gain.FromRaw(raw);
            Assert.That(Gain.FromDb(gain.Decibels).Raw, Is.EqualTo(raw));
            Assert.That(Gain.Parse(gain.ToString()).Raw, Is.EqualTo(raw));
        }
    }

    [Test]
    public void Default_IsUnity()
    {
        Assert.That(default(Gain), Is.EqualTo(Gain.Unity));
        Assert.That(default(Gain).Raw, Is.EqualTo(1100));
    }

    [Test]
    public void ToString_IsSignedWithOneDecimalAndUnit()
    {
        Assert.That(Gain.FromDb(-6.5).ToString(), Is.EqualTo("-6.5 dB"));
        Assert.That(Gain.Unity.ToString(), Is.EqualTo("0.0 dB"));
        Assert.That(Gain.FromDb(3).ToString(), Is.EqualTo("+3.0 dB"));
        Assert.That(Gain.FromDb(-6.5).ToString("0.00", null), Is.EqualTo("-6.50 dB"));
    }

    [Test]
    public void ToString_IgnoresCurrentCulture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.That(Gain.FromDb(-6.5).ToString(), Is.EqualTo("-6.5 dB"));
            Assert.That(Gain.Parse("-6.5").Raw, Is.EqualTo(1035));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [TestCase("-6.5", 1035)]
    [TestCase("-6.5 dB", 1035)]
    [TestCase(" +3dB ", 1130)]
    [TestCase("0", 1100)]
    public void Parse_AcceptsCommonForms(string text, int raw)
    {
        Assert.That(Gain.Parse(text).Raw, Is.EqualTo(raw));
        Assert.That(Gain.TryParse(text, out var g) && g.Raw == raw, Is.True);
    }

    [TestCase("")]
    [TestCase("loud")]
    [TestCase("-6,5")]
    [TestCase("1e3")]
    public void Parse_Garbage_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Gain.Parse(text));
        Assert.That(Gain.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Parse_OutOfRange_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Gain.Parse("31 dB"));
        Assert.That(Gain.TryParse(null, out _), Is.False);
    }

    [Test]
    public void Comparison_And_Clamping()
    {
        Assert.That(Gain.FromDb(-10) < Gain.FromDb(-9.9), Is.True);
        Assert.That(Gain.FromDb(-10).CompareTo(Gain.FromDb(-10)), Is.Zero);
        Assert.That(Gain.FromDb(29.5).AddClamped(100), Is.EqualTo(Gain.MaxValue));
        Assert.That(Gain.FromDb(-109.5).AddClamped(-100), Is.EqualTo(Gain.MinValue));
        Assert.That(Gain.FromDb(-6.5).AddClamped(5).Raw, Is.EqualTo(1040));
        Assert.That(Gain.FromDb(-6.5).AddClamped(int.MinValue), Is.EqualTo(Gain.MinValue));
        Assert.That(Gain.FromDbClamped(55), Is.EqualTo(Gain.MaxValue));
        Assert.That(Gain.FromDbClamped(-500), Is.EqualTo(Gain.MinValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gain.FromDbClamped(double.NaN));
        Assert.That(Gain.FromTenthsOfDb(-65).Raw, Is.EqualTo(1035));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gain.FromTenthsOfDb(301));
        Assert.That(((IComparable)Gain.Unity).CompareTo(null), Is.EqualTo(1));
    }
}
