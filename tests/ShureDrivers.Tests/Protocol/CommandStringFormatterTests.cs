using System;
using System.Linq;
using NUnit.Framework;
using ShureDrivers.Protocol;

namespace ShureDrivers.Tests.Protocol;

/// <summary>The formatter must never produce bytes that could end a frame early or start a second command.</summary>
public class CommandStringFormatterTests
{
    private static readonly CommandStringFormatter Formatter = CommandStringFormatter.Ani4Out;

    [TestCase("Out <1")]
    [TestCase("Out >1")]
    [TestCase("a > < SET REBOOT >")]
    [TestCase("Out {1")]
    [TestCase("Out }1")]
    [TestCase("line\rbreak")]
    [TestCase("line\nbreak")]
    [TestCase("nul\0")]
    [TestCase("tab\t")]
    [TestCase("del\u007F")]
    [TestCase("Café")]
    [TestCase("sep\u2028")]
    [TestCase("emoji \U0001F600")]
    public void Format_TextThatCouldBreakFraming_IsRefused(string text)
    {
        var command = CommandString.Set(1, "CHAN_NAME", CommandValue.FromText(text));
        Assert.Throws<ArgumentException>(() => Formatter.Format(command));
        Assert.Throws<ArgumentException>(() => Formatter.FormatBytes(command));
    }

    [Test]
    public void Format_TextLongerThanWidth_IsRefused()
    {
        var ok = CommandString.Report(1, "CHAN_NAME", CommandValue.FromText(new string('a', 31)));
        var tooLong = CommandString.Report(1, "CHAN_NAME", CommandValue.FromText(new string('a', 32)));
        Assert.That(Formatter.Format(ok), Has.Length.EqualTo("< REP 1 CHAN_NAME {} >".Length + 31));
        Assert.Throws<ArgumentException>(() => Formatter.Format(tooLong));
    }

    [Test]
    public void Format_UnknownParameterText_IsCappedAndNotPadded()
    {
        Assert.That(Formatter.Format(CommandString.Report("FUTURE_NAME", CommandValue.FromText("x"))), Is.EqualTo("< REP FUTURE_NAME {x} >"));
        var tooLong = CommandString.Set("FUTURE_NAME", CommandValue.FromText(new string('a', CommandStringFormatter.MaxUnknownTextLength + 1)));
        Assert.Throws<ArgumentException>(() => Formatter.Format(tooLong));
    }

    [Test]
    public void Format_RequestText_IsNotPadded()
    {
        Assert.That(Formatter.Format(CommandString.Set("DEVICE_ID", CommandValue.FromText("Room 2"))), Is.EqualTo("< SET DEVICE_ID {Room 2} >"));
    }

    [TestCase("ON >< SET REBOOT")]
    [TestCase("on")]
    [TestCase("ON OFF")]
    [TestCase("")]
    [TestCase("{X}")]
    [TestCase("A\rB")]
    public void FromToken_UnsafeToken_IsRefused(string token)
    {
        Assert.Throws<ArgumentException>(() => CommandValue.FromToken(token));
    }

    [Test]
    public void Format_ParsedTokenWithSpaces_IsRefused()
    {
        // A token read from the wire may hold anything the parser tolerates; sending it back must still be safe.
        var parsed = CommandStringParser.Ani4Out.Parse("< SET 1 AUDIO_MUTE on off >");
        Assert.Throws<ArgumentException>(() => Formatter.Format(parsed));
    }

    [Test]
    public void Format_ParsedTextWithFramingCharacters_IsRefused()
    {
        var parsed = CommandStringParser.Ani4Out.Parse("< REP 1 CHAN_NAME {a > < SET REBOOT} >");
        Assert.Throws<ArgumentException>(() => Formatter.Format(parsed));
    }

    [TestCase("AUDIO_MUTE >")]
    [TestCase("audio_mute")]
    [TestCase("1ABC")]
    [TestCase("")]
    [TestCase("A B")]
    [TestCase("MODEL<")]
    public void Factories_BadName_AreRefused(string name)
    {
        Assert.Throws<ArgumentException>(() => CommandString.Get(name));
    }

    [Test]
    public void Factories_BadChannelOrIndexOrNumber_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CommandString.Get(100, "AUDIO_MUTE"));
        Assert.Throws<ArgumentOutOfRangeException>(() => CommandString.Get(-1, "AUDIO_MUTE"));
        Assert.Throws<ArgumentOutOfRangeException>(() => CommandString.Get(1, "PEQ", 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => CommandValue.FromNumber(-5));
        Assert.Throws<ArgumentException>(() => CommandString.Report("ERR", CommandValue.None));
        Assert.Throws<ArgumentException>(() => CommandString.Sample());
        Assert.Throws<ArgumentException>(() => CommandString.Sample(-1));
    }

    [Test]
    public void Format_NumberWiderThanField_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Formatter.Format(CommandString.Set(1, "AUDIO_GAIN_HI_RES", CommandValue.FromNumber(14000))));
        Assert.Throws<ArgumentException>(() => Formatter.Format(CommandString.Set("METER_RATE", CommandValue.FromNumber(100000))));
        Assert.Throws<ArgumentException>(() => Formatter.Format(CommandString.Sample(1000, 0, 0, 0)));
    }

    [Test]
    public void Format_TwoDigitChannelOnUnknownParameter_UsesTwoDigits()
    {
        Assert.That(Formatter.Format(CommandString.Get(12, "FUTURE")), Is.EqualTo("< GET 12 FUTURE >"));
    }

    [Test]
    public void TryFormat_DestinationTooSmall_ReturnsFalseAndWritesNothing()
    {
        var destination = Enumerable.Repeat((byte)'x', 10).ToArray();
        Assert.That(Formatter.TryFormat(CommandString.Get("MODEL"), destination, out var written), Is.False);
        Assert.That(written, Is.Zero);
        Assert.That(destination, Is.All.EqualTo((byte)'x'));
    }

    [Test]
    public void TryFormat_UnsafeValue_ThrowsAndWritesNothing()
    {
        var destination = Enumerable.Repeat((byte)'x', 100).ToArray();
        Assert.Throws<ArgumentException>(() => Formatter.TryFormat(CommandString.Set(1, "CHAN_NAME", CommandValue.FromText("a>b")), destination, out _));
        Assert.That(destination, Is.All.EqualTo((byte)'x'));
    }

    [Test]
    public void TryFormat_WritesAsciiBytes()
    {
        var destination = new byte[64];
        Assert.That(Formatter.TryFormat(CommandString.Get(2, "AUDIO_MUTE"), destination, out var written), Is.True);
        Assert.That(System.Text.Encoding.ASCII.GetString(destination, 0, written), Is.EqualTo("< GET 2 AUDIO_MUTE >"));
    }

    [Test]
    public void ToString_IsReadableAndUnpadded()
    {
        Assert.That(CommandString.Report(1, "CHAN_NAME", CommandValue.FromText("Out")).ToString(), Is.EqualTo("< REP 1 CHAN_NAME {Out} >"));
        Assert.That(CommandString.Increment(1, "AUDIO_GAIN_HI_RES", 5).ToString(), Is.EqualTo("< SET 1 AUDIO_GAIN_HI_RES INC 5 >"));
        Assert.That(CommandString.Sample(1, 2).ToString(), Is.EqualTo("< SAMPLE 1 2 >"));
        Assert.That(CommandString.Error.ToString(), Is.EqualTo("< REP ERR >"));
    }
}
