using System;
using System.Text;
using NUnit.Framework;
using ShureDrivers.Protocol;

namespace ShureDrivers.Tests.Protocol;

public class CommandFrameTests
{
    private static readonly CommandStringParser Parser = CommandStringParser.Ani4Out;

    [TestCase("< REP 2 AUDIO_GAIN_HI_RES 1035 >")]
    [TestCase("< REP 4 AUDIO_MUTE ON >")]
    [TestCase("< REP 1 CHAN_NAME {Output 1                       } >")]
    [TestCase("< REP ERR >")]
    [TestCase("< SAMPLE 000 012 060 045 >")]
    [TestCase("< REP 01 PEQ 02 OFF >")]
    public void TryParseFrame_AllocatesNothing(string wire)
    {
        var bytes = Encoding.ASCII.GetBytes(wire);
        Assert.That(Parser.TryParseFrame(bytes, out _), Is.True); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ok = Parser.TryParseFrame(bytes, out var frame);
        var kind = frame.Kind;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(ok, Is.True);
        Assert.That(kind, Is.Not.EqualTo((CommandKind)(-1)));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Frame_ExposesTheParsedParts()
    {
        Assert.That(Parser.TryParseFrame(Encoding.ASCII.GetBytes("< REP 2 AUDIO_GAIN_HI_RES 1035 >"), out var frame), Is.True);
        Assert.That(frame.Kind, Is.EqualTo(CommandKind.Report));
        Assert.That(frame.Channel, Is.EqualTo(2));
        Assert.That(frame.Index, Is.Null);
        Assert.That(frame.Parameter, Is.SameAs(Ani4OutCommandTable.Table.Parameters[22]));
        Assert.That(frame.ValueKind, Is.EqualTo(CommandValueKind.Number));
        Assert.That(frame.NumberOrZero, Is.EqualTo(1035));
        Assert.That(ReferenceEquals(frame.GetName(), "AUDIO_GAIN_HI_RES"), Is.True);
    }

    [Test]
    public void ValueEquals_ComparesTextWithoutDecoding()
    {
        Assert.That(Parser.TryParseFrame(Encoding.ASCII.GetBytes("< REP 1 CHAN_NAME {Output 1     } >"), out var frame), Is.True);
        Assert.That(frame.ValueEquals("Output 1"), Is.True);
        Assert.That(frame.ValueEquals("Output 2"), Is.False);
        Assert.That(frame.ValueEquals(null), Is.False);
        Assert.That(frame.GetValue(), Is.EqualTo(CommandValue.FromText("Output 1")));
    }

    [Test]
    public void LowerCaseUnknownName_IsUpperCasedOnRequest()
    {
        Assert.That(Parser.TryParseFrame(Encoding.ASCII.GetBytes("< rep 3 new_thing on >"), out var frame), Is.True);
        Assert.That(frame.Parameter, Is.Null);
        Assert.That(frame.GetName(), Is.EqualTo("NEW_THING"));
        Assert.That(frame.ValueEquals("ON"), Is.True);
        Assert.That(frame.ToCommandString(), Is.EqualTo(CommandString.Report(3, "NEW_THING", CommandValue.FromToken("ON"))));
    }

    [Test]
    public void TryGetLevels_OnlyForSamples()
    {
        Span<int> levels = stackalloc int[4];
        Assert.That(Parser.TryParseFrame(Encoding.ASCII.GetBytes("< SAMPLE 1 2 3 4 >"), out var sample), Is.True);
        Assert.That(sample.TryGetLevels(levels, out var count), Is.True);
        Assert.That(count, Is.EqualTo(4));
        Assert.That(levels[3], Is.EqualTo(4));
        Assert.That(Parser.TryParseFrame(Encoding.ASCII.GetBytes("< REP 1 AUDIO_MUTE ON >"), out var rep), Is.True);
        Assert.That(rep.TryGetLevels(levels, out _), Is.False);
        Assert.That(sample.TryGetLevels(levels.Slice(0, 3), out _), Is.False);
    }

    [TestCase("< SAMPLE 1 a 3 >")]
    [TestCase("< SAMPLE 1234567890 >")]
    [TestCase("< SAMPLE -1 >")]
    [TestCase("< SAMPLE 1\u00002 >")]
    public void ASampleFrame_ChecksItsFieldsWhenTheyAreRead(string wire)
    {
        // One pass over a meter line: the view says SAMPLE, the read refuses the fields, the owning parse refuses the frame.
        Span<int> levels = stackalloc int[CommandStringParser.MaxSampleFields];
        Assert.That(Parser.TryParseFrame(Encoding.ASCII.GetBytes(wire), out var sample), Is.True);
        Assert.That(sample.Kind, Is.EqualTo(CommandKind.Sample));
        Assert.That(sample.TryGetLevels(levels, out var count), Is.False);
        Assert.That(count, Is.Zero);
        Assert.That(sample.TryToCommandString(out _), Is.False);
        Assert.That(Parser.TryParse(wire, out _), Is.False);
    }

    [Test]
    public void ASampleFrameWithNoFields_IsNotAFrame() =>
        Assert.That(Parser.TryParseFrame(Encoding.ASCII.GetBytes("< SAMPLE  >"), out _), Is.False);
}
