using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ShureDrivers.Protocol;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// A raw command-string client for tests: writes frames and hands back each received frame as text. Waits are
/// bounded by <see cref="TestTimeouts.Signal"/>; they wait for a frame that is already on its way, never for time to pass.
/// </summary>
public sealed class FrameClient : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly Channel<string> _frames = Channel.CreateUnbounded<string>();
    private readonly Task _readLoop;

    public FrameClient(Stream stream)
    {
        _stream = stream;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Junk bytes the client skipped between frames.</summary>
    public long DroppedBytes { get; private set; }

    /// <summary>True once the other end closed the connection and every frame was read.</summary>
    public bool IsClosed => _frames.Reader.Completion.IsCompleted;

    public async Task SendAsync(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>The next frame; fails the test if none arrives in time or the connection closes.</summary>
    public async Task<string> NextAsync()
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Signal);
        try
        {
            return await _frames.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No frame arrived.");
        }
        catch (ChannelClosedException)
        {
            throw new EndOfStreamException("The connection closed.");
        }
    }

    /// <summary>Sends a request and returns the next frame.</summary>
    public async Task<string> RequestAsync(string text)
    {
        await SendAsync(text);
        return await NextAsync();
    }

    /// <summary>Takes frames until <paramref name="last"/> matches, returning all of them.</summary>
    public async Task<List<string>> NextUntilAsync(Func<string, bool> last)
    {
        var list = new List<string>();
        for (var i = 0; i < 10_000; i++)
        {
            var frame = await NextAsync();
            list.Add(frame);
            if (last(frame))
            {
                return list;
            }
        }

        throw new InvalidOperationException("Too many frames.");
    }

    /// <summary>Waits until the other end closes the connection; returns the frames that came before.</summary>
    public async Task<List<string>> ReadToCloseAsync()
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Signal);
        var list = new List<string>();
        await foreach (var frame in _frames.Reader.ReadAllAsync(cts.Token))
        {
            list.Add(frame);
        }

        return list;
    }

    /// <summary>True when a frame is waiting right now.</summary>
    public bool TryTake(out string frame) => _frames.Reader.TryRead(out frame!);

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        try
        {
            await _readLoop.WaitAsync(TestTimeouts.Signal);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or TimeoutException)
        {
            // Closed from our side.
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream);
        var framer = new CommandStringFramer();
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (framer.TryReadFrame(ref buffer, out var frame))
                {
                    await _frames.Writer.WriteAsync(Sequences.Text(frame));
                }

                DroppedBytes = framer.DroppedByteCount;
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Connection gone.
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}
