using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Protocol;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Protocol;

public class CommandStringFramerTests
{
    // A realistic stream: braced names with padding, a '>' inside braces, SAMPLE lines, CR/LF and junk between frames.
    private const string Stream =
        "< REP 1 CHAN_NAME {Output 1                       } >" +
        "< REP 1 AUDIO_GAIN_HI_RES 1035 >\r\n" +
        "< SAMPLE 000 012 060 045 >" +
        "  < REP PRESET3 {A > B                    } >\n" +
        "~junk~< REP ERR >" +
        "< SAMPLE 001 002 003 004 >< REP 4 AUDIO_MUTE ON >";

    private static readonly string[] ExpectedFrames =
    [
        "< REP 1 CHAN_NAME {Output 1                       } >",
        "< REP 1 AUDIO_GAIN_HI_RES 1035 >",
        "< SAMPLE 000 012 060 045 >",
        "< REP PRESET3 {A > B                    } >",
        "< REP ERR >",
        "< SAMPLE 001 002 003 004 >",
        "< REP 4 AUDIO_MUTE ON >",
    ];

    [Test]
    public void TryReadFrame_WholeStreamInOneRead_ReturnsEveryFrame()
    {
        var harness = new FramerHarness(new CommandStringFramer());
        harness.Feed(Stream);
        Assert.That(harness.Frames, Is.EqualTo(ExpectedFrames));
        Assert.That(harness.Pending, Is.Zero);
        Assert.That(harness.Framer.FrameCount, Is.EqualTo(ExpectedFrames.Length));
        Assert.That(harness.Framer.DroppedByteCount, Is.EqualTo("~junk~".Length), "CR, LF and spaces are not counted as dropped");
    }

    [Test]
    public void TryReadFrame_StreamSplitAtEveryByteOffset_ReturnsTheSameFrames()
    {
        var bytes = Encoding.ASCII.GetBytes(Stream);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var harness = new FramerHarness(new CommandStringFramer());
            harness.Feed(bytes.Take(split).ToArray());
            harness.Feed(bytes.Skip(split).ToArray());
            Assert.That(harness.Frames, Is.EqualTo(ExpectedFrames), $"split at {split}");
        }
    }

    [Test]
    public void TryReadFrame_StreamSplitIntoThreeSegmentsAtEveryPairOfOffsets_ReturnsTheSameFrames()
    {
        var bytes = Encoding.ASCII.GetBytes(Stream);
        var framer = new CommandStringFramer();
        for (var a = 0; a <= bytes.Length; a += 3)
        {
            for (var b = a; b <= bytes.Length; b += 5)
            {
                var buffer = Sequences.Of(bytes[..a], bytes[a..b], bytes[b..]);
                var frames = new List<string>();
                while (framer.TryReadFrame(ref buffer, out var frame))
                {
                    frames.Add(Sequences.Text(frame));
                }

                Assert.That(frames, Is.EqualTo(ExpectedFrames), $"segments at {a} and {b}");
                Assert.That(buffer.Length, Is.Zero);
            }
        }
    }

    [Test]
    public void TryReadFrame_OneByteAtATime_ReturnsTheSameFrames()
    {
        var harness = new FramerHarness(new CommandStringFramer());
        foreach (var b in Encoding.ASCII.GetBytes(Stream))
        {
            harness.Feed([b]);
        }

        Assert.That(harness.Frames, Is.EqualTo(ExpectedFrames));
    }

    [Test]
    public void SpanTryReadFrame_GivesTheSameFramesAndCounts_AsTheSequenceForm()
    {
        var stream = Stream + "< REP 1 CHAN_NAME {" + new string('x', 600) + "} >< GET MO< REP 2 AUDIO_MUTE OFF >< REP 3 AUD";
        var bytes = Encoding.ASCII.GetBytes(stream);
        var spanFramer = new CommandStringFramer();
        var frames = new List<string>();
        ReadOnlySpan<byte> buffer = bytes;
        while (spanFramer.TryReadFrame(buffer, out var start, out var length, out var consumed))
        {
            frames.Add(Encoding.ASCII.GetString(buffer.Slice(start, length)));
            buffer = buffer.Slice(consumed);
        }

        spanFramer.TryReadFrame(buffer, out _, out _, out var dropped);
        var harness = new FramerHarness(new CommandStringFramer());
        harness.Feed(stream);
        Assert.That(frames, Is.EqualTo(harness.Frames));
        Assert.That(Encoding.ASCII.GetString(buffer.Slice(dropped)), Is.EqualTo("< REP 3 AUD"), "the partial frame is kept");
        Assert.That(spanFramer.DroppedByteCount, Is.EqualTo(harness.Framer.DroppedByteCount));
        Assert.That(spanFramer.DroppedFrameCount, Is.EqualTo(harness.Framer.DroppedFrameCount));
    }

    [Test]
    public void TryReadFrame_PartialFrame_IsKeptUntilItCompletes()
    {
        var harness = new FramerHarness(new CommandStringFramer());
        harness.Feed("junk < REP 1 AUDIO_M");
        Assert.That(harness.Frames, Is.Empty);
        Assert.That(harness.Pending, Is.EqualTo("< REP 1 AUDIO_M".Length), "junk before '<' is consumed at once");
        harness.Feed("UTE ON >");
        Assert.That(harness.Frames, Is.EqualTo(new[] { "< REP 1 AUDIO_MUTE ON >" }));
    }

    [Test]
    public void TryReadFrame_OversizedFrame_IsDroppedAndTheNextFrameRead()
    {
        var dropped = new List<FrameDroppedEventArgs>();
        var framer = new CommandStringFramer(64);
        framer.FrameDropped += (_, e) => dropped.Add(e);
        var harness = new FramerHarness(framer);
        var huge = "< REP 1 CHAN_NAME {" + new string('x', 200) + "} >";
        harness.Feed(huge + "< REP 1 AUDIO_MUTE ON >");
        Assert.That(harness.Frames, Is.EqualTo(new[] { "< REP 1 AUDIO_MUTE ON >" }));
        Assert.That(framer.DroppedFrameCount, Is.EqualTo(1));
        Assert.That(dropped.Select(d => d.Reason), Does.Contain(FrameDropReason.Oversized));
        Assert.That(framer.DroppedByteCount, Is.EqualTo(huge.Length));
    }

    [Test]
    public void TryReadFrame_FrameOfExactlyTheCap_IsKept()
    {
        var frame = "< REP 1 CHAN_NAME {" + new string('x', 64 - "< REP 1 CHAN_NAME {} >".Length) + "} >";
        Assert.That(frame, Has.Length.EqualTo(64));
        var harness = new FramerHarness(new CommandStringFramer(64));
        harness.Feed(frame);
        Assert.That(harness.Frames, Is.EqualTo(new[] { frame }));
    }

    [Test]
    public void TryReadFrame_LostClosingBrace_ResynchronisesOnTheNextLessThan()
    {
        var framer = new CommandStringFramer(64);
        var harness = new FramerHarness(framer);
        harness.Feed("< REP 1 CHAN_NAME {lost brace >");
        harness.Feed("< REP 2 AUDIO_MUTE OFF >" + new string(' ', 40));
        harness.Feed("< REP 3 AUDIO_MUTE ON >");
        Assert.That(harness.Frames, Does.Contain("< REP 3 AUDIO_MUTE ON >"));
        Assert.That(framer.DroppedFrameCount, Is.GreaterThanOrEqualTo(1));
        Assert.That(harness.MaxPending, Is.LessThanOrEqualTo(64 + 64));
    }

    [Test]
    public void TryReadFrame_LessThanOutsideBraces_InterruptsTheBrokenFrame()
    {
        var framer = new CommandStringFramer();
        var dropped = new List<FrameDroppedEventArgs>();
        framer.FrameDropped += (_, e) => dropped.Add(e);
        var harness = new FramerHarness(framer);
        harness.Feed("< GET MO< REP MODEL {ANI4OUT-XLR} >");
        Assert.That(harness.Frames, Is.EqualTo(new[] { "< REP MODEL {ANI4OUT-XLR} >" }));
        Assert.That(dropped.Single().Reason, Is.EqualTo(FrameDropReason.Interrupted));
        Assert.That(dropped.Single().ByteCount, Is.EqualTo("< GET MO".Length));
    }

    [Test]
    public void TryReadFrame_JunkWithoutLessThan_IsConsumedEntirely()
    {
        var harness = new FramerHarness(new CommandStringFramer());
        harness.Feed(new string('z', 10_000));
        Assert.That(harness.Pending, Is.Zero);
        Assert.That(harness.Framer.DroppedByteCount, Is.EqualTo(10_000));
    }

    [Test]
    public void TryReadFrame_OnlyWhitespace_IsConsumedAndNotCounted()
    {
        var harness = new FramerHarness(new CommandStringFramer());
        harness.Feed("\r\n  \r\n\t");
        Assert.That(harness.Pending, Is.Zero);
        Assert.That(harness.Framer.DroppedByteCount, Is.Zero);
    }

    [Test]
    public void Constructor_CapOutOfRange_Throws()
    {
        Assert.Throws<System.ArgumentOutOfRangeException>(() => new CommandStringFramer(1));
        Assert.Throws<System.ArgumentOutOfRangeException>(() => new CommandStringFramer(CommandStringParser.MaxFrameLength + 1));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task TryReadFrame_InAPipeReaderLoop_ReadsEveryFrame(CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var bytes = Encoding.ASCII.GetBytes(Stream);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < bytes.Length; i += 7)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(7, bytes.Length - i)), cancellationToken);
            }

            await pipe.Writer.CompleteAsync();
        }, cancellationToken);

        var framer = new CommandStringFramer();
        var frames = new List<string>();
        while (true)
        {
            var result = await pipe.Reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (framer.TryReadFrame(ref buffer, out var frame))
            {
                frames.Add(Sequences.Text(frame));
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await writer;
        Assert.That(frames, Is.EqualTo(ExpectedFrames));
    }
}
