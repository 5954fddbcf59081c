using System;
using System.Text;
using NUnit.Framework;
using ShureDrivers.Protocol;

namespace ShureDrivers.Tests.Protocol;

public class CommandStringParserTests
{
    private static readonly CommandStringParser Parser = CommandStringParser.Ani4Out;

    [TestCase("< REP 01 AUDIO_MUTE ON >", 1)]
    [TestCase("< REP 4 AUDIO_MUTE ON >", 4)]
    [TestCase("< REP 04 AUDIO_MUTE ON >", 4)]
    [TestCase("<REP 1 AUDIO_MUTE ON>", 1)]
    [TestCase("<  REP   1   AUDIO_MUTE   ON  >", 1)]
    [TestCase("\r\n< REP 1 AUDIO_MUTE ON >\r\n", 1)]
    [TestCase("< rep 1 audio_mute on >", 1)]
    [TestCase("< REP\t1\tAUDIO_MUTE\tON >", 1)]
    public void TryParse_TolerantForms_ReadTheSameReport(string wire, int channel)
    {
        Assert.That(Parser.TryParse(wire, out var command), Is.True);
        Assert.That(command, Is.EqualTo(CommandString.Report(channel, "AUDIO_MUTE", CommandValue.FromToken("ON"))));
    }

    [Test]
    public void TryParse_GreaterThanInsideBraces_IsPartOfTheText()
    {
        Assert.That(Parser.TryParse("< REP 1 CHAN_NAME {a > b <c>   } >", out var command), Is.True);
        Assert.That(command!.Value.Text, Is.EqualTo("a > b <c>"));
    }

    [Test]
    public void TryParse_BracedTextWithInnerSpaces_KeepsThemAndTrimsPadding()
    {
        Assert.That(Parser.TryParse("< REP PRESET1 {  Two  words            } >", out var command), Is.True);
        Assert.That(command!.Value.Text, Is.EqualTo("  Two  words"));
    }

    [Test]
    public void TryParse_UnpaddedNumbers_AreAccepted()
    {
        Assert.That(Parser.Parse("< SET PRESET 3 >"), Is.EqualTo(CommandString.Set("PRESET", CommandValue.FromNumber(3))));
        Assert.That(Parser.Parse("< SET METER_RATE 200 >"), Is.EqualTo(CommandString.Set("METER_RATE", CommandValue.FromNumber(200))));
        Assert.That(Parser.Parse("< set 1 audio_gain_hi_res inc 5 >"), Is.EqualTo(CommandString.Increment(1, "AUDIO_GAIN_HI_RES", 5)));
    }

    [Test]
    public void TryParse_UnknownParameter_IsReadSyntactically()
    {
        var command = Parser.Parse("< REP 2 SOME_FUTURE_THING ABC >");
        Assert.That(command.Name, Is.EqualTo("SOME_FUTURE_THING"));
        Assert.That(command.Channel, Is.EqualTo(2));
        Assert.That(command.Value, Is.EqualTo(CommandValue.FromToken("ABC")));
    }

    [Test]
    public void TryParse_ErrorWithChannel_IsAnError()
    {
        Assert.That(Parser.Parse("< REP ERR >").Kind, Is.EqualTo(CommandKind.Error));
        Assert.That(Parser.Parse("< rep err >").Kind, Is.EqualTo(CommandKind.Error));
    }

    [Test]
    public void TryParse_NonAsciiInsideBraces_IsDecodedAndControlCharactersReplaced()
    {
        var bytes = Encoding.UTF8.GetBytes("< REP 1 CHAN_NAME {Café\u0001} >");
        Assert.That(Parser.TryParse(bytes, out var command), Is.True);
        Assert.That(command!.Value.Text, Is.EqualTo("Café\uFFFD"));
    }

    [Test]
    public void TryParse_KnownNames_AreInterned()
    {
        var a = Parser.Parse("< REP 1 AUDIO_MUTE ON >");
        var b = Parser.Parse("< REP 2 AUDIO_MUTE OFF >");
        Assert.That(ReferenceEquals(a.Name, b.Name), Is.True);
        Assert.That(ReferenceEquals(a.Value.Text, "ON"), Is.True);
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("<")]
    [TestCase(">")]
    [TestCase("<>")]
    [TestCase("< >")]
    [TestCase("REP 1 AUDIO_MUTE ON")]
    [TestCase("< REP 1 AUDIO_MUTE ON")]
    [TestCase("REP 1 AUDIO_MUTE ON >")]
    [TestCase("< FOO MODEL >")]
    [TestCase("< GET >")]
    [TestCase("< REP 1 >")]
    [TestCase("< REP 123 AUDIO_MUTE ON >")]
    [TestCase("< REP 1 2AUDIO >")]
    [TestCase("< REP 1 AUDIO-MUTE ON >")]
    [TestCase("< REP 1 CHAN_NAME {abc >")]
    [TestCase("< REP 1 CHAN_NAME {abc} x >")]
    [TestCase("< REP 1 CHAN_NAME abc} >")]
    [TestCase("< REP 1 AUDIO_MUTE O<N >")]
    [TestCase("< REP 1 AUDIO_MUTE O\u0007N >")]
    [TestCase("< REP 1 AUDIO_MUTE ÖN >")]
    [TestCase("< SAMPLE >")]
    [TestCase("< SAMPLE 1 a 3 >")]
    [TestCase("< SAMPLE -1 >")]
    [TestCase("< REP ERR X >")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES INC >")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES INC 5 6 >")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES DEC X >")]
    [TestCase("< REP 1 < AUDIO_MUTE ON >")]
    public void TryParse_Malformed_ReturnsFalse(string wire)
    {
        Assert.That(Parser.TryParse(wire, out var command), Is.False);
        Assert.That(command, Is.Null);
    }

    [Test]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.That(Parser.TryParse((string?)null, out _), Is.False);
    }

    [Test]
    public void TryParse_OverlongFrame_IsRejectedWithoutReadingIt()
    {
        var wire = "< REP 1 CHAN_NAME {" + new string('a', CommandStringParser.MaxFrameLength) + "} >";
        Assert.That(Parser.TryParse(wire, out _), Is.False);
    }

    [Test]
    public void TryParse_TooManySampleFields_ReturnsFalse()
    {
        var wire = "< SAMPLE" + string.Concat(System.Linq.Enumerable.Repeat(" 001", CommandStringParser.MaxSampleFields + 1)) + " >";
        Assert.That(Parser.TryParse(wire, out _), Is.False);
    }

    [Test]
    public void TryParse_NumberTooLongForInt_IsAToken()
    {
        var command = Parser.Parse("< REP 1 AUDIO_GAIN_HI_RES 99999999999 >");
        Assert.That(command.Value.Kind, Is.EqualTo(CommandValueKind.Token));
        Assert.That(Ani4OutCommandTable.Table.TryValidate(command, out _), Is.False);
    }

    [Test]
    public void Parse_Malformed_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => Parser.Parse("< nonsense"));
    }

    [Test]
    public void TryParseSample_ReadsFieldsWithoutAllocating()
    {
        var frame = Encoding.ASCII.GetBytes("< SAMPLE 000 012 060 045 >");
        Span<int> levels = stackalloc int[8];
        CommandStringParser.TryParseSample(frame, levels, out _); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ok = CommandStringParser.TryParseSample(frame, levels, out var count);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(ok, Is.True);
        Assert.That(count, Is.EqualTo(4));
        Assert.That(levels.Slice(0, 4).ToArray(), Is.EqualTo(new[] { 0, 12, 60, 45 }));
        Assert.That(allocated, Is.Zero);
    }

    [TestCase("< REP 1 AUDIO_MUTE ON >")]
    [TestCase("< SAMPLE 1 2 3 4 5 >")]
    [TestCase("< SAMPLE >")]
    [TestCase("< SAMPLE 1 x >")]
    public void TryParseSample_NotASampleOrTooMany_ReturnsFalse(string wire)
    {
        Span<int> levels = stackalloc int[4];
        Assert.That(CommandStringParser.TryParseSample(Encoding.ASCII.GetBytes(wire), levels, out var count), Is.False);
        Assert.That(count, Is.Zero);
    }

    [Test]
    public void TryParse_MultiSegmentFrame_ReadsTheSame()
    {
        var sequence = Support.Sequences.Of(Support.Sequences.Ascii("< REP 1 CHAN"), Support.Sequences.Ascii("_NAME {Out} >"));
        Assert.That(Parser.TryParse(sequence, out var command), Is.True);
        Assert.That(command, Is.EqualTo(CommandString.Report(1, "CHAN_NAME", CommandValue.FromText("Out"))));
    }
}
