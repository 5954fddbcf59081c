using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;

namespace ShureDrivers.Tests.Support;

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
