using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers.Simulator.Internal;

/// <summary>One client connection: a read loop that hands frames to the simulator and a write loop that drains a bounded queue.</summary>
internal sealed class SimulatorSession
{
    private readonly Ani4OutSimulator _simulator;
    private readonly Stream _stream;
    private readonly Channel<OutgoingFrame> _outgoing;
    private readonly CancellationTokenSource _cts;

    public SimulatorSession(Ani4OutSimulator simulator, int id, Stream stream, string peer, int maxQueued, CancellationToken cancellationToken)
    {
        _simulator = simulator;
        Id = id;
        Peer = peer;
        _stream = stream;
        // A full queue drops the frame being written, and TryWrite still returns true: the callback is how a drop is
        // seen (it runs inside TryWrite).
        _outgoing = Channel.CreateBounded<OutgoingFrame>(
            new BoundedChannelOptions(Math.Max(1, maxQueued))
            {
                FullMode = BoundedChannelFullMode.DropWrite,
                SingleReader = true,
            },
            _ =>
            {
                Interlocked.Decrement(ref _unsent);
                Interlocked.Increment(ref DroppedFrames);
            });
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public int Id { get; }

    /// <summary>Who is on the other end: an address and port, or <c>in-memory</c>.</summary>
    public string Peer { get; }

    public long DroppedFrames;

    private int _unsent;
    private volatile Task? _thinking;

    /// <summary>
    /// Nothing more will happen on this session without the clock: nothing is queued to write, or the write loop waits
    /// on a reply delay (a clock timer); and, for an in-memory link, every byte either end wrote has been read and
    /// both ends wait for more. Tests move a fake clock only then.
    /// </summary>
    public bool IsQuiet => (Volatile.Read(ref _unsent) == 0 || _thinking is { IsCompleted: false }) && (_stream is not DuplexPipeStream { Link: var link } || link.IsQuiet);

    /// <summary>Queues a frame to be written after <paramref name="delay"/>; false when the client has stopped reading and the queue is full.</summary>
    public bool Enqueue(byte[] frame, TimeSpan delay)
    {
        Interlocked.Increment(ref _unsent);
        var dropped = Interlocked.Read(ref DroppedFrames);
        if (!_outgoing.Writer.TryWrite(new OutgoingFrame(frame, delay)))
        {
            // Completed: the session is ending.
            Interlocked.Decrement(ref _unsent);
            return false;
        }

        return Interlocked.Read(ref DroppedFrames) == dropped;
    }

    /// <summary>Ends the session at once, without a goodbye, as a device that drops the link.</summary>
    public void Abort()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    public async Task RunAsync()
    {
        var token = _cts.Token;
        var writer = WriteLoopAsync(token);
        try
        {
            await ReadLoopAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The client went away or the session was aborted.
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            _cts.Cancel();
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                // Same: the link is gone.
            }

#if NETSTANDARD2_0
            _stream.Dispose();
#else
            await _stream.DisposeAsync().ConfigureAwait(false);
#endif
            _cts.Dispose();
        }
    }

    private async Task ReadLoopAsync(CancellationToken token)
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        var framer = new CommandStringFramer();
        using var registration = token.Register(static r => ((PipeReader)r!).CancelPendingRead(), reader);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                if (result.IsCanceled || token.IsCancellationRequested)
                {
                    return;
                }

                var buffer = result.Buffer;
                while (framer.TryReadFrame(ref buffer, out var frame))
                {
                    // A half-open link: bytes vanish and nothing comes back.
                    if (_simulator.Faults.Silent)
                    {
                        _simulator.Faults.CountLostFrame();
                    }
                    else
                    {
                        _simulator.HandleFrame(this, frame);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync(CancellationToken token)
    {
        var time = _simulator.Options.TimeProvider;
        var reader = _outgoing.Reader;
        while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (_simulator.Faults.Silent)
                {
                    Interlocked.Decrement(ref _unsent);
                    continue;
                }

                var delay = item.Delay + _simulator.Faults.ReplyDelay;
                if (delay > TimeSpan.Zero)
                {
                    // What was written so far reaches the client before the device "thinks".
                    await _stream.FlushAsync(token).ConfigureAwait(false);

                    // Set once the delay's timer is armed: until it fires, only the clock can make this session act.
                    var thinking = time.DelayAsync(delay, token);
                    _thinking = thinking;
                    await thinking.ConfigureAwait(false);
                }

                await _stream.WriteAllAsync(item.Frame, token).ConfigureAwait(false);
                Interlocked.Decrement(ref _unsent);
            }

            await _stream.FlushAsync(token).ConfigureAwait(false);
        }
    }
}

/// <summary>A frame waiting to be written, and how long the device takes before writing it.</summary>
internal readonly record struct OutgoingFrame(byte[] Frame, TimeSpan Delay);
