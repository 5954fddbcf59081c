using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;

namespace ShureDrivers.Tests.Support;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, the shape a PipeReader hands over after several reads.</summary>
internal static class Sequences
{
    public static ReadOnlySequence<byte> Of(params byte[][] segments)
    {
        if (segments.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(segments[0], 0);
        var last = first;
        for (var i = 1; i < segments.Length; i++)
        {
            last = last.Append(segments[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public static string Text(in ReadOnlySequence<byte> sequence) => Encoding.ASCII.GetString(sequence.ToArray());

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

/// <summary>
/// Feeds chunks to a framer the way a read loop does: unconsumed bytes stay and the next chunk is appended as a new
/// segment. Records the frames and the most bytes ever held back.
/// </summary>
internal sealed class FramerHarness
{
    private byte[] _pending = [];

    public FramerHarness(ShureDrivers.Protocol.CommandStringFramer framer) => Framer = framer;

    public ShureDrivers.Protocol.CommandStringFramer Framer { get; }

    public List<string> Frames { get; } = [];

    public int MaxPending { get; private set; }

    public int MaxFrame { get; private set; }

    public int Pending => _pending.Length;

    public void Feed(byte[] chunk)
    {
        var buffer = _pending.Length == 0 ? Sequences.Of(chunk) : Sequences.Of(_pending, chunk);
        while (Framer.TryReadFrame(ref buffer, out var frame))
        {
            MaxFrame = Math.Max(MaxFrame, (int)frame.Length);
            Frames.Add(Sequences.Text(frame));
        }

        _pending = buffer.ToArray();
        MaxPending = Math.Max(MaxPending, _pending.Length);
    }

    public void Feed(string chunk) => Feed(Sequences.Ascii(chunk));
}
