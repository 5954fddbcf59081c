using System;
using System.Buffers;
using ShureDrivers.Internal;

namespace ShureDrivers.Protocol;

/// <summary>
/// Cuts a byte stream into <c>&lt; … &gt;</c> frames. A <c>&gt;</c> inside <c>{…}</c> does not end a frame; CR, LF,
/// spaces and junk between frames are skipped; frames may be split at any byte or arrive many to a read. A frame
/// longer than <see cref="MaxFrameLength"/> is dropped and the framer resynchronises on the next <c>&lt;</c>, so the
/// bytes it keeps never exceed the cap. Every drop is counted and raised as <see cref="FrameDropped"/>.
/// </summary>
/// <remarks>
/// Use it in a <c>PipeReader</c> loop:
/// <code>
/// var result = await reader.ReadAsync(ct);
/// var buffer = result.Buffer;
/// while (framer.TryReadFrame(ref buffer, out var frame)) { Handle(frame); }
/// reader.AdvanceTo(buffer.Start, buffer.End);
/// </code>
/// The framer keeps no state between calls besides its counters: what it has not consumed stays in the buffer.
/// One instance per stream; not thread-safe.
/// </remarks>
public sealed class CommandStringFramer
{
    /// <summary>The default cap: the longest documented frame (LAST_ERROR_EVENT) is under 170 bytes.</summary>
    public const int DefaultMaxFrameLength = 512;

    /// <summary>The smallest cap accepted.</summary>
    public const int MinMaxFrameLength = 16;

    /// <summary>Creates a framer.</summary>
    /// <param name="maxFrameLength">Longest frame kept, <c>&lt;</c> and <c>&gt;</c> included.</param>
    /// <exception cref="ArgumentOutOfRangeException">The cap is outside 16..<see cref="CommandStringParser.MaxFrameLength"/>.</exception>
    public CommandStringFramer(int maxFrameLength = DefaultMaxFrameLength)
    {
        MaxFrameLength = Guard.InRange(maxFrameLength, MinMaxFrameLength, CommandStringParser.MaxFrameLength, nameof(maxFrameLength));
    }

    /// <summary>Raised, on the reading thread, whenever bytes are discarded.</summary>
    internal event EventHandler<FrameDroppedEventArgs>? FrameDropped;

    private enum ScanResult
    {
        NoStart,
        Incomplete,
        Complete,
        Interrupted,
        Oversized,
    }

    /// <summary>Longest frame kept.</summary>
    public int MaxFrameLength { get; }

    /// <summary>Frames returned so far.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Bytes discarded so far (junk, oversized and interrupted frames; whitespace between frames is not counted).</summary>
    public long DroppedByteCount { get; private set; }

    /// <summary>Oversized or interrupted frames discarded so far.</summary>
    public long DroppedFrameCount { get; private set; }

    /// <summary>
    /// Takes the next complete frame from the front of <paramref name="buffer"/>. On return, <paramref name="buffer"/>
    /// starts after what was consumed (the frame and anything discarded before it).
    /// </summary>
    /// <returns>True with <paramref name="frame"/> set (from <c>&lt;</c> to <c>&gt;</c>); false when more bytes are needed.</returns>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        // Each pass either returns or consumes at least one byte, so the loop ends.
        while (true)
        {
            var result = buffer.IsSingleSegment
                ? ScanSpan(CommandStringParser.SequenceFirstSpan(buffer), out var start, out var end, out var junk)
                : ScanSequence(buffer, out start, out end, out junk);
            if (junk > 0)
            {
                Drop(FrameDropReason.Junk, junk, countsAsFrame: false);
            }

            switch (result)
            {
                case ScanResult.Complete:
                    frame = buffer.Slice(start, end - start + 1);
                    buffer = buffer.Slice(end + 1);
                    FrameCount++;
                    return true;

                case ScanResult.Incomplete:
                    buffer = buffer.Slice(start);
                    frame = default;
                    return false;

                case ScanResult.Interrupted:
                    Drop(FrameDropReason.Interrupted, end - start, countsAsFrame: true);
                    buffer = buffer.Slice(end);
                    continue;

                case ScanResult.Oversized:
                    var next = IndexOf(buffer.Slice(start + 1), (byte)'<');
                    if (next >= 0)
                    {
                        Drop(FrameDropReason.Oversized, next + 1, countsAsFrame: true);
                        buffer = buffer.Slice(start + 1 + next);
                        continue;
                    }

                    Drop(FrameDropReason.Oversized, buffer.Length - start, countsAsFrame: true);
                    buffer = buffer.Slice(buffer.End);
                    frame = default;
                    return false;

                default:
                    buffer = buffer.Slice(buffer.End);
                    frame = default;
                    return false;
            }
        }
    }

    /// <summary>
    /// The same as <see cref="TryReadFrame(ref ReadOnlySequence{byte}, out ReadOnlySequence{byte})"/> over contiguous
    /// memory, with offsets instead of slices: a read loop can take every frame of a read and slice its buffer once.
    /// </summary>
    /// <param name="buffer">Unconsumed bytes.</param>
    /// <param name="frameStart">Where the frame starts in <paramref name="buffer"/> (its <c>&lt;</c>).</param>
    /// <param name="frameLength">The frame's length, <c>&lt;</c> to <c>&gt;</c>.</param>
    /// <param name="consumed">Bytes at the front of <paramref name="buffer"/> that are finished with (the frame and anything dropped before it); on false, what can be dropped while waiting for more.</param>
    /// <returns>True when a frame was found.</returns>
    internal bool TryReadFrame(ReadOnlySpan<byte> buffer, out int frameStart, out int frameLength, out int consumed)
    {
        consumed = 0;
        while (true)
        {
            var rest = buffer.Slice(consumed);
            var result = ScanSpan(rest, out var start, out var end, out var junk);
            if (junk > 0)
            {
                Drop(FrameDropReason.Junk, junk, countsAsFrame: false);
            }

            switch (result)
            {
                case ScanResult.Complete:
                    frameStart = consumed + (int)start;
                    frameLength = (int)(end - start) + 1;
                    consumed += (int)end + 1;
                    FrameCount++;
                    return true;

                case ScanResult.Incomplete:
                    consumed += (int)start;
                    frameStart = frameLength = 0;
                    return false;

                case ScanResult.Interrupted:
                    Drop(FrameDropReason.Interrupted, end - start, countsAsFrame: true);
                    consumed += (int)end;
                    continue;

                case ScanResult.Oversized:
                    var next = rest.Slice((int)start + 1).IndexOf((byte)'<');
                    if (next >= 0)
                    {
                        Drop(FrameDropReason.Oversized, next + 1, countsAsFrame: true);
                        consumed += (int)start + 1 + next;
                        continue;
                    }

                    Drop(FrameDropReason.Oversized, rest.Length - start, countsAsFrame: true);
                    consumed = buffer.Length;
                    frameStart = frameLength = 0;
                    return false;

                default:
                    consumed = buffer.Length;
                    frameStart = frameLength = 0;
                    return false;
            }
        }
    }

    private void Drop(FrameDropReason reason, long bytes, bool countsAsFrame)
    {
        DroppedByteCount += bytes;
        if (countsAsFrame)
        {
            DroppedFrameCount++;
        }

        FrameDropped?.Invoke(this, new FrameDroppedEventArgs(reason, bytes));
    }

    // Fast path for the common case: the whole buffer is one segment.
    private ScanResult ScanSpan(ReadOnlySpan<byte> span, out long start, out long end, out int junk)
    {
        end = -1;

        // Frames usually follow each other directly: no search and no junk to count.
        var lt = !span.IsEmpty && span[0] == (byte)'<' ? 0 : span.IndexOf((byte)'<');
        junk = lt == 0 ? 0 : CountJunk(lt < 0 ? span : span.Slice(0, lt));
        start = lt;
        if (lt < 0)
        {
            return ScanResult.NoStart;
        }

        var inBraces = false;
        var limit = (int)Math.Min(span.Length, (long)lt + MaxFrameLength);
        var i = lt + 1;
        while (i < limit)
        {
            var window = span.Slice(i, limit - i);
            var rel = inBraces ? window.IndexOf((byte)'}') : window.IndexOfAny((byte)'<', (byte)'>', (byte)'{');
            if (rel < 0)
            {
                break;
            }

            var at = i + rel;
            switch (span[at])
            {
                case (byte)'}':
                    inBraces = false;
                    break;
                case (byte)'{':
                    inBraces = true;
                    break;
                case (byte)'>':
                    end = at;
                    return ScanResult.Complete;
                default:
                    end = at;
                    return ScanResult.Interrupted;
            }

            i = at + 1;
        }

        return span.Length - lt >= MaxFrameLength ? ScanResult.Oversized : ScanResult.Incomplete;
    }

    // The same state machine across segments, with absolute offsets.
    private ScanResult ScanSequence(in ReadOnlySequence<byte> buffer, out long start, out long end, out int junk)
    {
        start = -1;
        end = -1;
        junk = 0;
        var inBraces = false;
        long offset = 0;
        long limit = 0;
        foreach (var memory in buffer)
        {
            var span = memory.Span;
            var i = 0;
            while (i < span.Length)
            {
                if (start < 0)
                {
                    var lt = span.Slice(i).IndexOf((byte)'<');
                    var stop = lt < 0 ? span.Length : i + lt;
                    junk += CountJunk(span.Slice(i, stop - i));
                    if (lt < 0)
                    {
                        break;
                    }

                    start = offset + stop;
                    limit = start + MaxFrameLength;
                    i = stop + 1;
                    continue;
                }

                var remaining = limit - (offset + i);
                if (remaining <= 0)
                {
                    return ScanResult.Oversized;
                }

                var window = span.Slice(i, (int)Math.Min(span.Length - i, remaining));
                var rel = inBraces ? window.IndexOf((byte)'}') : window.IndexOfAny((byte)'<', (byte)'>', (byte)'{');
                if (rel < 0)
                {
                    i += window.Length;
                    continue;
                }

                var at = i + rel;
                switch (span[at])
                {
                    case (byte)'}':
                        inBraces = false;
                        break;
                    case (byte)'{':
                        inBraces = true;
                        break;
                    case (byte)'>':
                        end = offset + at;
                        return ScanResult.Complete;
                    default:
                        end = offset + at;
                        return ScanResult.Interrupted;
                }

                i = at + 1;
            }

            offset += span.Length;
        }

        if (start < 0)
        {
            return ScanResult.NoStart;
        }

        return offset - start >= MaxFrameLength ? ScanResult.Oversized : ScanResult.Incomplete;
    }

    private static int CountJunk(ReadOnlySpan<byte> span)
    {
        var count = 0;
        foreach (var b in span)
        {
            if (!AsciiChars.IsWhitespace(b))
            {
                count++;
            }
        }

        return count;
    }

    private static long IndexOf(in ReadOnlySequence<byte> buffer, byte value)
    {
        long offset = 0;
        foreach (var memory in buffer)
        {
            var i = memory.Span.IndexOf(value);
            if (i >= 0)
            {
                return offset + i;
            }

            offset += memory.Length;
        }

        return -1;
    }
}
