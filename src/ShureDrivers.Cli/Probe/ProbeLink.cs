using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ShureDrivers.Protocol;

namespace ShureDrivers.Cli.Probe;

/// <summary>
/// A plain connection for the probe: it writes exactly the bytes asked for (no validation, no formatting) and keeps
/// every frame the device sends with the bytes between frames, so spellings and terminators are seen as they are.
/// Frames longer than 512 bytes are dropped; what is kept waiting is bounded.
/// </summary>
internal sealed class ProbeLink : IAsyncDisposable
{
    private const int MaxFrame = 512;
    private readonly Stream _stream;
    private readonly TimeProvider _time;
    private readonly Channel<ProbeFrame> _frames = Channel.CreateBounded<ProbeFrame>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private int _disposed;

    public ProbeLink(Stream stream, TimeProvider time)
    {
        _stream = stream;
        _time = time;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>True once the device closed the connection.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>True when the device ended the connection with a reset (TCP RST) rather than a close.</summary>
    public bool WasReset { get; private set; }

    /// <summary>Every frame received so far, in order (bounded).</summary>
    public List<ProbeFrame> Log { get; } = [];

    public long FramesReceived { get; private set; }

    public async Task SendAsync(string text, CancellationToken ct)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        await _stream.WriteAsync(bytes, ct);
        await _stream.FlushAsync(ct);
    }

    /// <summary>Sends <paramref name="request"/> and waits for its answer: a REP that <paramref name="answers"/> accepts, or REP ERR.</summary>
    public async Task<ProbeOutcome> ExchangeAsync(string request, Func<string, bool> answers, TimeSpan timeout, CancellationToken ct)
    {
        Drain();
        var started = _time.GetTimestamp();
        var seen = new List<ProbeFrame>();
        try
        {
            await SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return new ProbeOutcome(request, ProbeOutcome.Closed, null, TimeSpan.Zero, seen);
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var frame = await _frames.Reader.ReadAsync(wait.Token);
                seen.Add(frame);
                if (IsError(frame.Text))
                {
                    return new ProbeOutcome(request, ProbeOutcome.Rejected, frame, _time.GetElapsedTime(started, frame.Timestamp), seen);
                }

                if (answers(frame.Text))
                {
                    return new ProbeOutcome(request, ProbeOutcome.Reply, frame, _time.GetElapsedTime(started, frame.Timestamp), seen);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ProbeOutcome(request, ProbeOutcome.Silence, null, _time.GetElapsedTime(started), seen);
        }
        catch (ChannelClosedException)
        {
            return new ProbeOutcome(request, ProbeOutcome.Closed, null, _time.GetElapsedTime(started), seen);
        }
    }

    /// <summary>
    /// Collects the frames <paramref name="counts"/> accepts (others, such as SAMPLE lines from metering, are skipped
    /// and do not extend the wait): up to <paramref name="first"/> for the first, then until none has come for
    /// <paramref name="quiet"/> (or <paramref name="limit"/> passed).
    /// </summary>
    public async Task<List<ProbeFrame>> CollectAsync(TimeSpan first, TimeSpan quiet, TimeSpan limit, Func<string, bool> counts, CancellationToken ct)
    {
        var frames = new List<ProbeFrame>();
        using var whole = CancellationTokenSource.CreateLinkedTokenSource(ct);
        whole.CancelAfter(limit);
        while (true)
        {
            using var gap = CancellationTokenSource.CreateLinkedTokenSource(whole.Token);
            gap.CancelAfter(frames.Count == 0 ? first : quiet);
            try
            {
                ProbeFrame frame;
                do
                {
                    frame = await _frames.Reader.ReadAsync(gap.Token);
                }
                while (!counts(frame.Text));

                frames.Add(frame);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return frames;
            }
            catch (ChannelClosedException)
            {
                return frames;
            }
        }
    }

    /// <summary>Drops frames not yet taken (reports from earlier requests or from elsewhere).</summary>
    public void Drain()
    {
        while (_frames.Reader.TryRead(out _))
        {
        }
    }

    public static bool IsError(string frame) => frame.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("<REPERR>", StringComparison.OrdinalIgnoreCase);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        await _stream.DisposeAsync();
        try
        {
            await _reader;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Closed.
        }

        _stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4096];
        var frame = new StringBuilder();
        var between = new StringBuilder();
        var inFrame = false;
        var inBraces = false;
        try
        {
            while (true)
            {
                var n = await _stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    break;
                }

                for (var i = 0; i < n; i++)
                {
                    var b = (char)buffer[i];
                    if (!inFrame)
                    {
                        if (b == '<')
                        {
                            inFrame = true;
                            inBraces = false;
                            frame.Clear().Append(b);
                        }
                        else if (between.Length < 64)
                        {
                            between.Append(Escape(b));
                        }

                        continue;
                    }

                    frame.Append(b);
                    inBraces = b == '{' || (inBraces && b != '}');
                    if (b == '>' && !inBraces)
                    {
                        inFrame = false;
                        var received = new ProbeFrame(frame.ToString(), _time.GetTimestamp(), between.ToString());
                        between.Clear();
                        FramesReceived++;
                        if (Log.Count < 20_000)
                        {
                            lock (Log)
                            {
                                Log.Add(received);
                            }
                        }

                        _frames.Writer.TryWrite(received);
                    }
                    else if (frame.Length > MaxFrame)
                    {
                        inFrame = false;
                        between.Clear().Append("[a frame over 512 bytes, dropped]");
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The link ended; a reset says how.
            WasReset = (ex.InnerException as System.Net.Sockets.SocketException)?.SocketErrorCode is System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.ConnectionAborted;
        }
        finally
        {
            IsClosed = true;
            _frames.Writer.TryComplete();
        }
    }

    private static string Escape(char c) => c switch
    {
        '\r' => "\\r",
        '\n' => "\\n",
        '\t' => "\\t",
        ' ' => " ",
        _ when c is < ' ' or > '~' => $"\\x{(int)c:X2}",
        _ => c.ToString(),
    };
}
