using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using ShureDrivers.Protocol;

namespace ShureDrivers.Benchmarks;

/// <summary>
/// Framer + parser throughput on a realistic mixed stream, per frame, beside a regex parser of the kind peers use
/// (split the text on '&gt;', match each piece with a regex).
/// </summary>
public partial class FramerParserBenchmarks
{
    private const int Frames = 10_000;

    private byte[] _mixed = [];
    private byte[] _samples = [];
    private readonly CommandStringParser _parser = CommandStringParser.Ani4Out;

    [GlobalSetup]
    public void Setup()
    {
        _mixed = WireStreams.Mixed(Frames, out _);
        _samples = WireStreams.Samples(Frames);
    }

    /// <summary>Our framer and the allocation-free frame view: what the session's read loop does.</summary>
    [Benchmark(OperationsPerInvoke = Frames, Baseline = true)]
    public int MixedStream_FramerAndFrameView() => FrameAndView(_mixed);

    /// <summary>Our framer and parser building an owning CommandString for every REP (SAMPLE stays allocation-free).</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public int MixedStream_FramerAndCommandString() => FrameAndParse(_mixed);

    /// <summary>The same stream through a compiled regex after splitting on '&gt;'.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public int MixedStream_RegexBaseline() => RegexParse(_mixed);

    /// <summary>SAMPLE lines only: the metering hot path, which must not allocate.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public int SampleStream_FramerAndFrameView() => FrameAndView(_samples);

    // What the session's read loop does with a contiguous read: span offsets, one slice per read.
    private int FrameAndView(byte[] stream)
    {
        var framer = new CommandStringFramer();
        ReadOnlySpan<byte> buffer = stream;
        Span<int> levels = stackalloc int[8];
        var sum = 0;
        while (framer.TryReadFrame(buffer, out var start, out var length, out var consumed))
        {
            var frame = buffer.Slice(start, length);
            buffer = buffer.Slice(consumed);
            if (_parser.TryParseFrame(frame, out var parsed))
            {
                sum += parsed.Kind == CommandKind.Sample && parsed.TryGetLevels(levels, out var count)
                    ? levels[count - 1]
                    : parsed.NumberOrZero + parsed.ValueBytes.Length;
            }
        }

        return sum;
    }

    private int FrameAndParse(byte[] stream)
    {
        var framer = new CommandStringFramer();
        var buffer = new ReadOnlySequence<byte>(stream);
        Span<int> levels = stackalloc int[8];
        var sum = 0;
        while (framer.TryReadFrame(ref buffer, out var frame))
        {
            var span = frame.IsSingleSegment ? frame.First.Span : frame.ToArray();
            if (CommandStringParser.TryParseSample(span, levels, out var count))
            {
                sum += levels[count - 1];
            }
            else if (_parser.TryParse(span, out var command))
            {
                sum += command.Name.Length;
            }
        }

        return sum;
    }

    // What peers do: decode, split on '>', regex each piece (Companion, PlaceOS, Q-SYS plugins).
    private static int RegexParse(byte[] stream)
    {
        var text = Encoding.ASCII.GetString(stream);
        var sum = 0;
        foreach (var piece in text.Split('>'))
        {
            var m = FrameRegex().Match(piece);
            if (!m.Success)
            {
                continue;
            }

            if (m.Groups[1].Value == "SAMPLE")
            {
                var fields = m.Groups[4].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var levels = new List<int>(fields.Length);
                foreach (var f in fields)
                {
                    levels.Add(int.Parse(f, System.Globalization.CultureInfo.InvariantCulture));
                }

                sum += levels[^1];
            }
            else
            {
                var value = m.Groups[4].Value.Trim().TrimStart('{').TrimEnd('}').TrimEnd();
                sum += m.Groups[3].Value.Length + value.Length;
            }
        }

        return sum;
    }

    [GeneratedRegex(@"<\s*(REP|SAMPLE)\s+(?:(\d{1,2})\s+)?([A-Z0-9_]+)?\s*(.*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex FrameRegex();
}
