using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// One TCP (or in-memory) connection: the read loop and framing, the writer, the in-flight request table, and the
/// one <see cref="Break"/> that every fatal path goes through (Npgsql's connector).
/// </summary>
/// <remarks>
/// Its token source and write lock are cancelled and left to the garbage collector rather than disposed: commands
/// in flight may still link to the token after <see cref="Break"/>, and neither holds an unmanaged resource.
/// </remarks>
#pragma warning disable CA1001
internal sealed class DeviceConnection
{
    /// <summary>The read buffer's segment size.</summary>
    internal const int ReadSegmentBytes = 1024;

    private readonly Stream _stream;
    private readonly string _endPoint;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CommandStringParser _parser;
    private readonly CommandTable _table;
    private readonly IConnectionEvents _events;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<Exception> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CommandStringFramer _framer = new();
    private readonly DeviceTelemetry _telemetry;
    private Task _readLoop = Task.CompletedTask;
    private Task _liveness = Task.CompletedTask;
    private long _lastSent;
    private long _framesReceived;
    private int _broken;

    public DeviceConnection(Stream stream, string endPoint, ILogger logger, TimeProvider time, CommandStringParser parser, IConnectionEvents events, DeviceTelemetry telemetry)
    {
        _telemetry = telemetry;
        _stream = stream;
        _endPoint = endPoint;
        _logger = logger;
        _time = time;
        _parser = parser;
        _table = parser.Table;
        _events = events;
        _lastSent = time.GetTimestamp();
        Pending = new PendingCommands(endPoint);
        _framer.FrameDropped += (_, e) =>
        {
            _telemetry.DroppedBytes(e.ByteCount);
            Log.FramesDropped(_logger, _endPoint, e.ByteCount, e.Reason);
        };
    }

    /// <summary>Completes with the reason once the connection has broken.</summary>
    public Task<Exception> Completion => _completion.Task;

    /// <summary>Cancelled when the connection breaks.</summary>
    public CancellationToken Closing => _closing.Token;

    public Exception? CloseReason { get; private set; }

    /// <summary>The commands waiting for their replies.</summary>
    public PendingCommands Pending { get; }

    /// <summary>Set once the session lets commands flow (from the resync on).</summary>
    public bool AllowCommands { get; set; }

    public bool IsOpen => AllowCommands && Volatile.Read(ref _broken) == 0;

    /// <summary>Complete frames received on this connection, whatever they held (the resync's "answers nothing" test).</summary>
    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    /// <summary>When the last frame was written (a <see cref="TimeProvider"/> timestamp).</summary>
    public long LastSent => Interlocked.Read(ref _lastSent);

    /// <summary>Starts the read loop; it runs until the connection breaks.</summary>
    public void Start() => _readLoop = Task.Run(ReadLoopAsync);

    /// <summary>Starts <paramref name="liveness"/>, which stops when the connection breaks (<see cref="Closing"/>).</summary>
    public void Watch(LivenessMonitor liveness) => _liveness = liveness.Start();

    /// <summary>Completes once the read loop and the liveness monitor have ended (after <see cref="Break"/>).</summary>
    public Task Stopped => Task.WhenAll(_readLoop, _liveness);

    /// <summary>Writes one frame; <paramref name="pending"/>, when given, is stamped with its wire order just before.</summary>
    public Task WriteAsync(byte[] frame, PendingCommand? pending, CancellationToken cancellationToken) => WriteAsync(frame, frame.Length, pending, cancellationToken);

    /// <summary>Writes the frame in the first <paramref name="length"/> bytes of <paramref name="frame"/> (a rented buffer), which is not kept.</summary>
    public async Task WriteAsync(byte[] frame, int length, PendingCommand? pending, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (pending is not null)
            {
                Pending.MarkWriting(pending);
            }

            await _stream.WriteAllAsync(frame, length, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _lastSent, _time.GetTimestamp());
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                Log.FrameSent(_logger, _endPoint, AsciiText.Ascii(frame.AsSpan(0, length)));
            }
        }
        catch (Exception ex) when (DeviceErrors.IsLinkFailure(ex))
        {
            Break(DeviceErrors.WriteFailed(_endPoint, ex));
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Ends the connection once: tells the session, closes the stream, fails every waiting command.</summary>
    /// <returns><paramref name="reason"/>, so a caller can write <c>throw connection.Break(ex)</c>.</returns>
    public Exception Break(Exception reason)
    {
        if (Interlocked.Exchange(ref _broken, 1) != 0)
        {
            return reason;
        }

        CloseReason = reason;
        _events.OnBroken(this);
        _closing.Cancel();
        _stream.Dispose();
        Pending.FailAll(reason, p => DeviceErrors.LostBeforeReply(_endPoint, p.Request, reason));
        _completion.TrySetResult(reason);
        return reason;
    }

    private async Task ReadLoopAsync()
    {
        // 1 KiB segments, not the default 4 KiB: each open connection holds one while its read waits, and a device's
        // frames are tens of bytes (a dump's 3 KB arrives as a few segments). 4 KiB was a fifth of a fleet device's heap.
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: ReadSegmentBytes, minimumReadSize: ReadSegmentBytes / 4, leaveOpen: true));
        Exception reason;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.IsSingleSegment)
                {
                    // The common case: take every frame by offset and slice once.
                    var span = CommandStringParser.SequenceFirstSpan(buffer);
                    var offset = 0;
                    bool found;
                    do
                    {
                        found = _framer.TryReadFrame(span.Slice(offset), out var start, out var length, out var consumed);
                        if (found)
                        {
                            Dispatch(span.Slice(offset + start, length));
                        }

                        offset += consumed;
                    }
                    while (found);

                    buffer = buffer.Slice(offset);
                }
                else
                {
                    DispatchSegmented(ref buffer);
                }

                reader.AdvanceTo(buffer.Start, result.Buffer.End);
                if (result.IsCompleted)
                {
                    reason = DeviceErrors.ClosedByDevice(_endPoint);
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            reason = CloseReason ?? DeviceErrors.ConnectionClosed(_endPoint);
        }
        catch (Exception ex) when (DeviceErrors.IsLinkFailure(ex) || ex is InvalidOperationException)
        {
            // InvalidOperationException: the pipe reader raced the stream's disposal.
            reason = DeviceErrors.ReadFailed(_endPoint, ex);
        }

        Break(reason);
        try
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (DeviceErrors.IsLinkFailure(ex) || ex is InvalidOperationException)
        {
            // The stream is already gone.
        }
    }

    // A frame across segments (rare: a read split inside a frame) is copied to one span first.
    private void DispatchSegmented(ref ReadOnlySequence<byte> buffer)
    {
        Span<byte> copy = stackalloc byte[CommandStringParser.MaxFrameLength];
        while (_framer.TryReadFrame(ref buffer, out var frame))
        {
            frame.CopyTo(copy);
            Dispatch(copy.Slice(0, (int)frame.Length));
        }
    }

    private void Dispatch(ReadOnlySpan<byte> frame)
    {
        Interlocked.Increment(ref _framesReceived);
        _events.OnFrame(frame);
        if (!_parser.TryParseFrame(frame, out var parsed))
        {
            _events.OnUnparsed(frame);
            return;
        }

        switch (parsed.Kind)
        {
            case CommandKind.Sample:
                Span<int> levels = stackalloc int[CommandStringParser.MaxSampleFields];
                // The fields are checked here, in the one pass that reads them.
                if (parsed.TryGetLevels(levels, out var count))
                {
                    _events.OnSample(levels.Slice(0, count));
                }
                else
                {
                    _events.OnUnparsed(frame);
                }

                return;
            case CommandKind.Error:
                _telemetry.Rejection();
                FailOldest();
                _events.OnReport(CommandString.Error);
                return;
            case CommandKind.Report:
                // Only what the model's table allows reaches the cache or completes a command.
                var report = UnbracedText(parsed.ToCommandString());
                if (!_table.TryValidate(report, out var error))
                {
                    _telemetry.InvalidReport();
                    _events.OnInvalidReport(report, error!);
                    return;
                }

                // Observers (the device's cache) first, so an awaiting caller sees the new value.
                _events.OnReport(report);
                Pending.CompleteMatching(report);
                return;
            default:
                _events.OnUnparsed(frame);
                return;
        }
    }

    // A text value written without braces (< REP MODEL INTELLIMIX_ROOM >) is read as that text, so a refusal can say
    // what the device is; logged once per parameter as a spelling deviation.
    private CommandString UnbracedText(CommandString report)
    {
        if (report.Value.Kind != CommandValueKind.Token || !_table.TryGetParameter(report.Name, out var row) || row.ValueKind != ParameterValueKind.Text)
        {
            return report;
        }

        _events.OnSpellingDeviation(report, "a text value without braces");
        return new CommandString(report.Kind, report.Channel, report.Name, report.Index, report.Operation, CommandValue.FromText(report.Value.Text!), null);
    }

    // REP ERR names nothing; the device answers in order, so it refers to the oldest command it has not skipped. When
    // more than one command could own it (firmware that ignores requests skips some silently), none is blamed until
    // later frames or a read-back settle it (PendingCommands.TakeRejected).
    private void FailOldest()
    {
        var rejected = Pending.TakeRejected();
        if (rejected.Count == 0)
        {
            if (!Pending.HasSuspects)
            {
                Log.UnsolicitedError(_logger, _endPoint);
            }

            return;
        }

        foreach (var command in rejected)
        {
            Log.CommandRejected(_logger, _endPoint, command.Request);
            command.Fail(DeviceErrors.Rejected(_endPoint, command.Request));
        }
    }
}

#pragma warning restore CA1001
