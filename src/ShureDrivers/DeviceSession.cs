using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>
/// One command-string session to a device: connects, keeps the link alive, correlates replies, reconnects.
/// </summary>
/// <remarks>
/// <para><b>Correlation.</b> A reply is matched to its command by parameter, channel and index. At most one command
/// per parameter/channel/index is outstanding at a time; a second one waits for the first (within its own
/// timeout). <c>&lt; REP ERR &gt;</c> names nothing, so it fails the oldest outstanding command: the device answers in
/// order, so that is the one it refers to. A REP ERR with nothing outstanding is logged and ignored. A change report
/// for a parameter that has a command outstanding completes that command: it carries the current value.</para>
/// <para><b>Liveness.</b> When nothing has been sent or heard for <see cref="DeviceSessionOptions.KeepAliveInterval"/>,
/// a <c>GET MODEL</c> is sent; when nothing at all is heard for <see cref="DeviceSessionOptions.DeadConnectionTimeout"/>
/// the link is dropped. Then, unless <see cref="DeviceSessionOptions.AutoReconnect"/> is off, the session reconnects
/// forever with exponential backoff and jitter through a Polly pipeline. Commands issued while the link is down fail
/// at once with <see cref="DeviceConnectionException"/>; nothing is queued.</para>
/// <para><b>Threading.</b> All members are safe to call from any number of threads at once. Events are raised on a
/// single background thread, in arrival order, never on the read loop: a slow or throwing handler cannot stall or
/// end the session (exceptions are logged; past <see cref="DeviceSessionOptions.MaxQueuedEvents"/> the oldest waiting
/// events are dropped).</para>
/// </remarks>
public sealed class DeviceSession : IAsyncDisposable
{
    private readonly DeviceSessionOptions _options;
    private readonly DnsEndPoint _endPoint;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ResiliencePipeline _reconnect;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _keyLocks = new(StringComparer.Ordinal);
    private readonly CommandStringFormatter _formatter;
    private readonly CommandStringParser _parser;
    private readonly Channel<Action> _events;
    private readonly Task _eventPump;
    private Connection? _connection;
    private Task _supervisor = Task.CompletedTask;
    private ConnectionState _state = ConnectionState.Disconnected;
    private long _lastHeard = -1;

    /// <summary>Creates a session to <paramref name="host"/> (a name, an address, or <c>host:port</c>). Nothing is sent until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">The host or an option is invalid.</exception>
    public DeviceSession(string host, DeviceSessionOptions? options = null)
    {
        _options = (options ?? new DeviceSessionOptions()).Clone();
        _options.Validate();
        var (name, port) = HostAndPort.Parse(host);
        _endPoint = new DnsEndPoint(name, port ?? _options.Port);
        EndPoint = name.AsSpan().IndexOf(':') >= 0 ? $"[{name}]:{_endPoint.Port}" : $"{name}:{_endPoint.Port}";
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.SessionCategory);
        _formatter = new CommandStringFormatter(_options.Table);
        _parser = new CommandStringParser(_options.Table);
        _reconnect = _options.ReconnectPipeline ?? BuildDefaultPipeline();
        _events = Channel.CreateBounded<Action>(new BoundedChannelOptions(_options.MaxQueuedEvents) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _eventPump = Task.Run(PumpEventsAsync);
    }

    /// <summary>Raised when <see cref="State"/> changes.</summary>
    public event EventHandler<ConnectionStateChangedEventArgs>? StateChanged;

    /// <summary>Raised for every REP and REP ERR the device sends: answers and change reports alike.</summary>
    public event EventHandler<ReportReceivedEventArgs>? ReportReceived;

    /// <summary>Raised for every SAMPLE line.</summary>
    public event EventHandler<SampleReceivedEventArgs>? SampleReceived;

    /// <summary>The device as <c>host:port</c>.</summary>
    public string EndPoint { get; }

    /// <summary>The connection state.</summary>
    public ConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>When the device last sent anything, or null if never.</summary>
    public DateTimeOffset? LastHeardFrom
    {
        get
        {
            var last = Interlocked.Read(ref _lastHeard);
            return last < 0 ? null : _options.TimeProvider.GetUtcNow() - _options.TimeProvider.GetElapsedTime(last);
        }
    }

    /// <summary>The options in force (a copy).</summary>
    public DeviceSessionOptions Options => _options;

    /// <summary>Called on the read loop for every REP (our own code only: the device's state cache).</summary>
    internal Action<CommandString>? ReportObserver { get; set; }

    /// <summary>Called on the read loop for every SAMPLE line.</summary>
    internal SampleObserver? SampleObserver { get; set; }

    /// <summary>Called at once, on the failing thread, when a connection ends (the device's cache turns stale).</summary>
    internal Action? LinkLost { get; set; }

    /// <summary>Runs after every (re)connect, before the session reports <see cref="ConnectionState.Connected"/> (the device's resync).</summary>
    internal Func<CancellationToken, Task>? Synchronize { get; set; }

    /// <summary>
    /// Connects. Returns once connected (and resynchronised, when a device object owns the session); afterwards the
    /// session keeps itself connected until disposed.
    /// </summary>
    /// <exception cref="DeviceConnectionException">The device could not be reached.</exception>
    /// <exception cref="DeviceTimeoutException">The connection attempt took longer than <see cref="DeviceSessionOptions.ConnectTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">Already started or disposed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_state != ConnectionState.Disconnected)
            {
                throw new InvalidOperationException($"The session is {_state}; StartAsync runs once.");
            }
        }

        SetState(ConnectionState.Connecting, null);
        Connection connection;
        try
        {
            connection = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            await ActivateAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SetState(ConnectionState.Disconnected, ex);
            throw;
        }

        lock (_gate)
        {
            _supervisor = Task.Run(() => SuperviseAsync(connection), CancellationToken.None);
        }
    }

    /// <summary>Sends a GET or SET and returns the device's reply (the REP for the same parameter and channel).</summary>
    /// <exception cref="ArgumentException">The command is invalid for this model (checked before anything is sent), or is answered by nothing (use <see cref="SendAsync"/>).</exception>
    /// <exception cref="DeviceConnectionException">Not connected, or the link dropped before the reply.</exception>
    /// <exception cref="DeviceTimeoutException">No reply within <see cref="DeviceSessionOptions.CommandTimeout"/>.</exception>
    /// <exception cref="DeviceCommandRejectedException">The device answered REP ERR.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CommandString> QueryAsync(CommandString request, CancellationToken cancellationToken = default)
    {
        var row = ValidateRequest(request);
        if (!row.HasReply)
        {
            throw new ArgumentException($"{request.Name} is not answered by the device; use SendAsync.", nameof(request));
        }

        var started = _options.TimeProvider.GetTimestamp();
        var wire = _formatter.FormatBytes(request);
        var connection = CurrentConnection();
        using var timeout = _options.TimeProvider.CreateTimeoutSource(_options.CommandTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, connection.Closing);
        var keyLock = _keyLocks.GetOrAdd(KeyOf(request, row), _ => new SemaphoreSlim(1, 1));
        var result = "ok";
        try
        {
            await keyLock.WaitAsync(linked.Token).ConfigureAwait(false);
            try
            {
                var pending = connection.Register(request, row);
                try
                {
                    await connection.WriteAsync(wire, linked.Token).ConfigureAwait(false);
                    using (linked.Token.Register(static p => ((Pending)p!).Completion.TrySetCanceled(), pending))
                    {
                        return await pending.Completion.Task.ConfigureAwait(false);
                    }
                }
                finally
                {
                    connection.Remove(pending);
                }
            }
            finally
            {
                keyLock.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = "canceled";
            throw;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            result = "timeout";
            var elapsed = _options.TimeProvider.GetElapsedTime(started);
            Log.CommandTimedOut(_logger, EndPoint, request, _options.CommandTimeout);
            throw new DeviceTimeoutException($"{EndPoint}: no reply to {request} within {_options.CommandTimeout.TotalSeconds:0.###} s.", elapsed, EndPoint, ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            result = "connection";
            throw new DeviceConnectionException($"{EndPoint}: the connection was lost before {request} was answered.", EndPoint, connection.CloseReason ?? ex);
        }
        catch (DeviceCommandRejectedException)
        {
            result = "rejected";
            throw;
        }
        catch (DeviceConnectionException)
        {
            result = "connection";
            throw;
        }
        finally
        {
            SessionMetrics.Commands.Add(1, SessionMetrics.Result(result));
            if (result == "ok")
            {
                SessionMetrics.RoundTrip.Record(_options.TimeProvider.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    /// <summary>Sends a command without waiting for a reply (for <c>REBOOT</c>, or when the reply will arrive as an event).</summary>
    /// <exception cref="ArgumentException">The command is invalid for this model.</exception>
    /// <exception cref="DeviceConnectionException">Not connected, or the write failed.</exception>
    /// <exception cref="DeviceTimeoutException">The write did not complete within <see cref="DeviceSessionOptions.CommandTimeout"/>.</exception>
    public async Task SendAsync(CommandString command, CancellationToken cancellationToken = default)
    {
        ValidateRequest(command);
        var wire = _formatter.FormatBytes(command);
        var connection = CurrentConnection();
        using var timeout = _options.TimeProvider.CreateTimeoutSource(_options.CommandTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, connection.Closing);
        try
        {
            await connection.WriteAsync(wire, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw new DeviceTimeoutException($"{EndPoint}: could not send {command} within {_options.CommandTimeout.TotalSeconds:0.###} s.", _options.CommandTimeout, EndPoint, ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            throw new DeviceConnectionException($"{EndPoint}: could not send {command}.", EndPoint, connection.CloseReason ?? ex);
        }
    }

    /// <summary>Drops the current link (as if it failed); the session reconnects if <see cref="DeviceSessionOptions.AutoReconnect"/> is on.</summary>
    public void Disconnect()
    {
        Connection? connection;
        lock (_gate)
        {
            connection = _connection;
        }

        connection?.Abort(new DeviceConnectionException($"{EndPoint}: disconnected on request.", EndPoint));
    }

    /// <summary>Closes the link and stops reconnecting. Outstanding commands fail with <see cref="DeviceConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        Connection? connection;
        Task supervisor;
        lock (_gate)
        {
            if (_state == ConnectionState.Closed)
            {
                return;
            }

            connection = _connection;
            supervisor = _supervisor;
        }

        _lifetime.Cancel();
        connection?.Abort(new DeviceConnectionException($"{EndPoint}: the session was closed.", EndPoint));
        try
        {
            await supervisor.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped while reconnecting.
        }

        SetState(ConnectionState.Closed, null);
        _events.Writer.TryComplete();
        await _eventPump.ConfigureAwait(false);
        Log.SessionClosed(_logger, EndPoint);
        _lifetime.Dispose();
    }

    private ParameterDefinition ValidateRequest(CommandString request)
    {
        Guard.NotNull(request, nameof(request));
        if (request.Kind is not (CommandKind.Get or CommandKind.Set))
        {
            throw new ArgumentException("Only GET and SET can be sent.", nameof(request));
        }

        if (!_options.Table.TryValidate(request, out var error))
        {
            throw new ArgumentException(error, nameof(request));
        }

        _options.Table.TryGetParameter(request.Name, out var row);
        return row!;
    }

    private static string KeyOf(CommandString request, ParameterDefinition row) =>
        (row.ReplyName ?? request.Name) + "/" + request.Channel + "/" + request.Index;

    private Connection CurrentConnection()
    {
        lock (_gate)
        {
            if (_state == ConnectionState.Closed)
            {
                throw new ObjectDisposedException(nameof(DeviceSession));
            }

            // Open from the moment a connection is made, so the resync after a reconnect can run its commands.
            if (_connection is not { IsOpen: true } connection)
            {
                throw new DeviceConnectionException($"{EndPoint} is not connected ({_state}).", EndPoint);
            }

            return connection;
        }
    }

    private async Task<Connection> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        Log.Connecting(_logger, EndPoint);
        using var timeout = _options.TimeProvider.CreateTimeoutSource(_options.ConnectTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _lifetime.Token);
        Stream stream;
        try
        {
            stream = await _options.Connector.ConnectAsync(_endPoint, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || _lifetime.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (timeout.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            throw new DeviceTimeoutException($"{EndPoint}: no connection within {_options.ConnectTimeout.TotalSeconds:0.###} s.", _options.ConnectTimeout, EndPoint, ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            throw new DeviceConnectionException($"{EndPoint}: could not connect ({ex.Message}).", EndPoint, ex);
        }

        var connection = new Connection(this, stream);
        connection.Start();
        return connection;
    }

    private async Task ActivateAsync(Connection connection, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _connection = connection;
        }

        // Commands flow from here (the resync needs them); State turns Connected once the resync is done.
        connection.AllowCommands = true;
        if (Synchronize is { } synchronize)
        {
            try
            {
                await synchronize(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ShureDeviceException or OperationCanceledException)
            {
                Log.SynchronizeFailed(_logger, EndPoint, ex);
                connection.Abort(ex);
                throw;
            }
        }

        Log.Connected(_logger, EndPoint);
        SetState(ConnectionState.Connected, null);
    }

    private async Task SuperviseAsync(Connection connection)
    {
        var token = _lifetime.Token;
        while (!token.IsCancellationRequested)
        {
            var reason = await connection.Completion.ConfigureAwait(false);
            if (token.IsCancellationRequested)
            {
                return;
            }

            Log.ConnectionLost(_logger, EndPoint, reason);
            if (!_options.AutoReconnect)
            {
                SetState(ConnectionState.Disconnected, reason);
                return;
            }

            SetState(ConnectionState.Reconnecting, reason);
            while (!token.IsCancellationRequested)
            {
                try
                {
                    connection = await _reconnect.ExecuteAsync(
                        async t =>
                        {
                            SessionMetrics.Reconnects.Add(1);
                            var c = await ConnectOnceAsync(t).ConfigureAwait(false);
                            try
                            {
                                await ActivateAsync(c, t).ConfigureAwait(false);
                            }
                            catch
                            {
                                c.Abort(new DeviceConnectionException($"{EndPoint}: resynchronising failed.", EndPoint));
                                throw;
                            }

                            return c;
                        },
                        token).ConfigureAwait(false);
                    break;
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is ShureDeviceException or SocketException or IOException)
                {
                    // A custom pipeline gave up; keep trying at its pace rather than stay down for good.
                    SetState(ConnectionState.Reconnecting, ex);
                    await _options.TimeProvider.DelayAsync(_options.MaxReconnectDelay, token).ConfigureAwait(false);
                }
            }
        }
    }

    private ResiliencePipeline BuildDefaultPipeline()
    {
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<ShureDeviceException>(e => e.IsTransient)
                .Handle<SocketException>()
                .Handle<IOException>(),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.ReconnectDelay,
            MaxDelay = _options.MaxReconnectDelay,
            MaxRetryAttempts = int.MaxValue,
            OnRetry = args =>
            {
                Log.ReconnectScheduled(_logger, EndPoint, args.RetryDelay, args.AttemptNumber + 1);
                return default;
            },
        };
        if (_options.Randomizer is { } randomizer)
        {
            retry.Randomizer = randomizer;
        }

        return new ResiliencePipelineBuilder { TimeProvider = _options.TimeProvider }.AddRetry(retry).Build();
    }

    private void SetState(ConnectionState state, Exception? reason)
    {
        ConnectionState previous;
        lock (_gate)
        {
            previous = _state;
            if (previous == state || previous == ConnectionState.Closed)
            {
                return;
            }

            _state = state;
        }

        var args = new ConnectionStateChangedEventArgs(previous, state, reason);
        Raise(() => StateChanged?.Invoke(this, args));
    }

    /// <summary>Runs <paramref name="action"/> on the event thread, after the events already queued.</summary>
    internal void Post(Action action) => Raise(action);

    private void Raise(Action action)
    {
        if (!_events.Writer.TryWrite(action))
        {
            // Completed: the session is closing.
        }
    }

    private async Task PumpEventsAsync()
    {
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var action))
            {
                try
                {
                    action();
                }
#pragma warning disable CA1031 // A user's handler must never end the session; the exception is logged.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.EventHandlerFailed(_logger, EndPoint, ex);
                }
            }
        }
    }

    private void OnFrame(ReadOnlySpan<byte> frame)
    {
        Interlocked.Exchange(ref _lastHeard, _options.TimeProvider.GetTimestamp());
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            Log.FrameReceived(_logger, EndPoint, AsciiText.DecodeText(frame));
        }
    }

    private void OnUnparsed(ReadOnlySpan<byte> frame)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.UnparsedFrame(_logger, EndPoint, AsciiText.DecodeText(frame));
        }
    }

    private void OnReport(CommandString report)
    {
        ReportObserver?.Invoke(report);
        if (ReportReceived is not null)
        {
            var args = new ReportReceivedEventArgs(report, _options.TimeProvider.GetUtcNow());
            Raise(() => ReportReceived?.Invoke(this, args));
        }
    }

    private void OnSample(ReadOnlySpan<int> levels)
    {
        SampleObserver?.Invoke(levels);
        if (SampleReceived is not null)
        {
            var args = new SampleReceivedEventArgs(levels.ToArray(), _options.TimeProvider.GetUtcNow());
            Raise(() => SampleReceived?.Invoke(this, args));
        }
    }

    /// <summary>A command waiting for its reply.</summary>
    private sealed class Pending(CommandString request, ParameterDefinition row, long sequence)
    {
        public CommandString Request { get; } = request;

        public string ReplyName { get; } = row.ReplyName ?? request.Name;

        public bool IsDump { get; } = row.ValueKind == ParameterValueKind.Dump;

        public long Sequence { get; } = sequence;

        public TaskCompletionSource<CommandString> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsAnsweredBy(CommandString report) =>
            string.Equals(report.Name, ReplyName, StringComparison.Ordinal)
            && (Request.Channel is null or 0 || report.Channel == Request.Channel || ReplyName != Request.Name)
            && (Request.Index is null or 0 || report.Index == Request.Index);
    }

    /// <summary>One TCP (or in-memory) connection: its read loop, its writer, its pending commands and its liveness check.</summary>
    /// <remarks>
    /// Its token source and write lock are cancelled and left to the garbage collector rather than disposed: commands
    /// in flight may still link to the token after <see cref="Abort"/>, and neither holds an unmanaged resource.
    /// </remarks>
#pragma warning disable CA1001
    private sealed class Connection
    {
        private readonly DeviceSession _session;
        private readonly Stream _stream;
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly List<Pending> _pending = [];
        private readonly CancellationTokenSource _closing = new();
        private readonly TaskCompletionSource<Exception> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CommandStringFramer _framer = new();
        private long _sequence;
        private long _lastSent;
        private int _aborted;

        public Connection(DeviceSession session, Stream stream)
        {
            _session = session;
            _stream = stream;
            _lastSent = session._options.TimeProvider.GetTimestamp();
            _framer.FrameDropped += (_, e) =>
            {
                SessionMetrics.DroppedBytes.Add(e.ByteCount);
                Log.FramesDropped(_session._logger, _session.EndPoint, e.ByteCount, e.Reason);
            };
        }

        public Task<Exception> Completion => _completion.Task;

        public CancellationToken Closing => _closing.Token;

        public Exception? CloseReason { get; private set; }

        public bool AllowCommands { get; set; }

        public bool IsOpen => AllowCommands && Volatile.Read(ref _aborted) == 0;

        public void Start()
        {
            // The read loop and the liveness check run until the connection is aborted.
            Interlocked.Exchange(ref _session._lastHeard, _session._options.TimeProvider.GetTimestamp());
            _ = Task.Run(ReadLoopAsync);
            _ = Task.Run(LivenessAsync);
        }

        public Pending Register(CommandString request, ParameterDefinition row)
        {
            lock (_pending)
            {
                if (Volatile.Read(ref _aborted) != 0)
                {
                    throw new DeviceConnectionException($"{_session.EndPoint}: the connection is closed.", _session.EndPoint, CloseReason);
                }

                var pending = new Pending(request, row, ++_sequence);
                _pending.Add(pending);
                return pending;
            }
        }

        public void Remove(Pending pending)
        {
            lock (_pending)
            {
                _pending.Remove(pending);
            }
        }

        public async Task WriteAsync(byte[] frame, CancellationToken cancellationToken)
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _stream.WriteAllAsync(frame, cancellationToken).ConfigureAwait(false);
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastSent, _session._options.TimeProvider.GetTimestamp());
                if (_session._logger.IsEnabled(LogLevel.Trace))
                {
                    Log.FrameSent(_session._logger, _session.EndPoint, AsciiText.Ascii(frame));
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                Abort(new DeviceConnectionException($"{_session.EndPoint}: writing failed ({ex.Message}).", _session.EndPoint, ex));
                throw;
            }
            finally
            {
                _writeLock.Release();
            }
        }

        /// <summary>Ends the connection once: fails every pending command and signals the supervisor.</summary>
        public void Abort(Exception reason)
        {
            if (Interlocked.Exchange(ref _aborted, 1) != 0)
            {
                return;
            }

            CloseReason = reason;
            _session.LinkLost?.Invoke();
            _closing.Cancel();
            _stream.Dispose();
            List<Pending> pending;
            lock (_pending)
            {
                pending = [.. _pending];
                _pending.Clear();
            }

            foreach (var p in pending)
            {
                p.Completion.TrySetException(new DeviceConnectionException($"{_session.EndPoint}: the connection was lost before {p.Request} was answered.", _session.EndPoint, reason));
            }

            _completion.TrySetResult(reason);
        }

        private async Task ReadLoopAsync()
        {
            var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
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
                        reason = new DeviceConnectionException($"{_session.EndPoint} closed the connection.", _session.EndPoint);
                        break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                reason = CloseReason ?? new DeviceConnectionException($"{_session.EndPoint}: the connection was closed.", _session.EndPoint);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                reason = new DeviceConnectionException($"{_session.EndPoint}: reading failed ({ex.Message}).", _session.EndPoint, ex);
            }

            Abort(reason);
            try
            {
                await reader.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
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
            _session.OnFrame(frame);
            if (!_session._parser.TryParseFrame(frame, out var parsed))
            {
                _session.OnUnparsed(frame);
                return;
            }

            switch (parsed.Kind)
            {
                case CommandKind.Sample:
                    Span<int> levels = stackalloc int[CommandStringParser.MaxSampleFields];
                    if (parsed.TryGetLevels(levels, out var count))
                    {
                        _session.OnSample(levels.Slice(0, count));
                    }

                    return;
                case CommandKind.Error:
                    SessionMetrics.Rejections.Add(1);
                    FailOldest();
                    _session.OnReport(CommandString.Error);
                    return;
                case CommandKind.Report:
                    // Observers (the device's cache) first, so an awaiting caller sees the new value.
                    var report = parsed.ToCommandString();
                    _session.OnReport(report);
                    CompleteMatching(report);
                    return;
                default:
                    _session.OnUnparsed(frame);
                    return;
            }
        }

        private void CompleteMatching(CommandString report)
        {
            Pending? answered = null;
            List<Pending>? dumps = null;
            lock (_pending)
            {
                foreach (var p in _pending)
                {
                    if (p.IsDump)
                    {
                        // A REP after GET x ALL means the dump was accepted.
                        (dumps ??= []).Add(p);
                    }
                    else if (answered is null && p.IsAnsweredBy(report))
                    {
                        answered = p;
                    }
                }

                if (answered is not null)
                {
                    _pending.Remove(answered);
                }

                dumps?.ForEach(d => _pending.Remove(d));
            }

            answered?.Completion.TrySetResult(report);
            dumps?.ForEach(d => d.Completion.TrySetResult(report));
        }

        private void FailOldest()
        {
            Pending? oldest = null;
            lock (_pending)
            {
                foreach (var p in _pending)
                {
                    if (oldest is null || p.Sequence < oldest.Sequence)
                    {
                        oldest = p;
                    }
                }

                if (oldest is not null)
                {
                    _pending.Remove(oldest);
                }
            }

            if (oldest is null)
            {
                Log.UnsolicitedError(_session._logger, _session.EndPoint);
                return;
            }

            var text = oldest.Request.ToString();
            Log.CommandRejected(_session._logger, _session.EndPoint, oldest.Request);
            oldest.Completion.TrySetException(new DeviceCommandRejectedException($"{_session.EndPoint} rejected {text} (REP ERR).", text, _session.EndPoint));
        }

        private async Task LivenessAsync()
        {
            var options = _session._options;
            var time = options.TimeProvider;
            var keepAlive = options.KeepAliveInterval;
            var dead = options.DeadConnectionTimeout;
            var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (keepAlive > TimeSpan.Zero ? Math.Min(keepAlive.Ticks, dead.Ticks) : dead.Ticks) / 4));
            try
            {
                while (!_closing.IsCancellationRequested)
                {
                    await time.DelayAsync(tick, _closing.Token).ConfigureAwait(false);
                    var silence = time.GetElapsedTime(Interlocked.Read(ref _session._lastHeard));
                    if (silence >= dead)
                    {
                        Log.LinkDead(_session._logger, _session.EndPoint, silence);
                        Abort(new DeviceConnectionException($"{_session.EndPoint}: nothing heard for {silence.TotalSeconds:0.#} s; the link is dead.", _session.EndPoint));
                        return;
                    }

                    var idle = TimeSpan.FromTicks(Math.Min(silence.Ticks, time.GetElapsedTime(Interlocked.Read(ref _lastSent)).Ticks));
                    if (keepAlive > TimeSpan.Zero && idle >= keepAlive && AllowCommands)
                    {
                        _ = KeepAliveAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Connection closed.
            }
        }

        private async Task KeepAliveAsync()
        {
            Log.KeepAliveSent(_session._logger, _session.EndPoint);
            try
            {
                await _session.QueryAsync(CommandString.Get("MODEL"), _closing.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ShureDeviceException or OperationCanceledException or ObjectDisposedException)
            {
                Log.KeepAliveFailed(_session._logger, _session.EndPoint, ex);
            }
        }
    }
}

#pragma warning restore CA1001

/// <summary>Receives SAMPLE levels on the read loop without allocating.</summary>
internal delegate void SampleObserver(ReadOnlySpan<int> levels);
