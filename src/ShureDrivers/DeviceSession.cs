using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>
/// One command-string session to a device: connects, keeps the link alive, correlates replies, reconnects.
/// </summary>
/// <remarks>
/// <para><b>Correlation.</b> A reply is matched to its command by parameter, channel and index. At most one command
/// per parameter/channel/index is outstanding at a time; a second one waits for the first (within its own
/// timeout). <c>&lt; REP ERR &gt;</c> names nothing; the device answers in order, so it fails the oldest outstanding
/// command the device has not skipped (a command is skipped when one written after it was answered first). A REP ERR
/// with nothing outstanding is logged and ignored. A SET of an absolute value completes only on a report of the value
/// it asked for (or its REP ERR); a GET, a step or a toggle completes on any report for its parameter and channel,
/// which carries the current value. Reports the model's table refuses (unknown name, channel or value) are dropped
/// and counted; they never complete a command or reach the cache. The reply timeout counts from when the command is written;
/// waiting for an earlier command on the same parameter has its own timeout of the same length.</para>
/// <para><b>Liveness.</b> When nothing has been sent or heard for <see cref="DeviceSessionOptions.KeepAliveInterval"/>,
/// a <c>GET MODEL</c> is sent; when nothing at all is heard for <see cref="DeviceSessionOptions.DeadConnectionTimeout"/>
/// the link is dropped. Then, unless <see cref="DeviceSessionOptions.AutoReconnect"/> is off, the session reconnects
/// forever with exponential backoff and jitter through a Polly pipeline. Commands issued while the link is down fail
/// at once with <see cref="DeviceConnectionException"/>; nothing is queued. From the moment a link is up they are sent:
/// while a device object resynchronises (<see cref="ConnectionState.Synchronizing"/>) and once
/// <see cref="ConnectionState.Connected"/>.</para>
/// <para><b>Threading.</b> All members are safe to call from any number of threads at once. Events are raised on a
/// single background thread, in arrival order, never on the read loop: a slow or throwing handler cannot stall or
/// end the session (exceptions are logged; past <see cref="DeviceSessionOptions.MaxQueuedEvents"/> the oldest waiting
/// events are dropped).</para>
/// <para><b>Parts.</b> This file is the facade: validation, commands and state. The connection, its in-flight
/// table and its liveness live in <c>Internal/DeviceConnection.cs</c>, <c>PendingCommands.cs</c> and
/// <c>LivenessMonitor.cs</c>; connect, resync and reconnect in <c>DeviceSession.Lifecycle.cs</c>; events in
/// <c>DeviceSession.Events.cs</c> over <c>Internal/EventPump.cs</c>.</para>
/// </remarks>
public sealed partial class DeviceSession : IAsyncDisposable
{
    private readonly DeviceSessionOptions _options;
    private readonly DnsEndPoint _endPoint;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _lifetime = new();
    private ResiliencePipeline? _reconnect;
    private readonly KeyLocks<ParameterKey> _keyLocks = new();
    private readonly SemaphoreSlim _settleGate = new(1, 1);
    private readonly CommandStringFormatter _formatter;
    private readonly CommandStringParser _parser;
    private readonly EventPump _events;
    private readonly ISessionHandler? _handler;
    private readonly DeviceTelemetry _telemetry;
    private DeviceConnection? _connection;
    private Task _supervisor = Task.CompletedTask;
    private bool _startedInBackground;
    private Exception? _lastFailure;
    private ConnectionState _state = ConnectionState.Disconnected;
    private long _lastHeard = -1;

    /// <summary>Creates a session to <paramref name="host"/> (a name, an address, or <c>host:port</c>). Nothing is sent until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">The host or an option is invalid.</exception>
    public DeviceSession(string host, DeviceSessionOptions? options = null)
        : this(host, options, handler: null)
    {
    }

    /// <summary>A session owned by a device object, which keeps its state cache through <paramref name="handler"/>.</summary>
    internal DeviceSession(string host, DeviceSessionOptions? options, ISessionHandler? handler)
    {
        _options = (options ?? new DeviceSessionOptions()).Clone();
        _options.Validate();
        _endPoint = DefaultPortEndPoint.For(host, _options.Port);
        var name = _endPoint.Host;
        EndPoint = name.AsSpan().IndexOf(':') >= 0 ? $"[{name}]:{_endPoint.Port}" : $"{name}:{_endPoint.Port}";
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.SessionCategory);
        _formatter = new CommandStringFormatter(_options.Table);
        _parser = _options.Table.Parser;
        _handler = handler;
        _events = new EventPump(_options.MaxQueuedEvents, _logger, EndPoint);
        _telemetry = new DeviceTelemetry(_options.MeterFactory, _options.DeviceName ?? EndPoint, _options.Table.Model);
        Created?.Invoke(this);
    }

    /// <summary>Raised for each new session: tests that drive a fake clock find the session a connect makes before it returns.</summary>
    internal static event Action<DeviceSession>? Created;

    // What a test that drives a fake clock needs to tell "waiting on the device" from "on its way to the next step":
    // queries in progress (a settlement included) and connects and resyncs in progress. Counting costs two
    // interlocked operations per query.
    private int _queriesInProgress;
    private int _flowsInProgress;
    private int _queriesWaitingTheirTurn;

    /// <summary>Queries from the start of <see cref="QueryAsync"/> to its end.</summary>
    internal int QueriesInProgress => Volatile.Read(ref _queriesInProgress);

    /// <summary>Queries waiting for their turn: for another's reply to the same parameter, or for another settlement to end.</summary>
    internal int QueriesWaitingTheirTurn => Volatile.Read(ref _queriesWaitingTheirTurn);

    /// <summary>Connect attempts and resyncs in progress.</summary>
    internal int FlowsInProgress => Volatile.Read(ref _flowsInProgress);

    internal void EnterFlow() => Interlocked.Increment(ref _flowsInProgress);

    internal void ExitFlow() => Interlocked.Decrement(ref _flowsInProgress);

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

    /// <summary>The current link, or null before the first connect (tests).</summary>
    internal DeviceConnection? CurrentLink
    {
        get
        {
            lock (_gate)
            {
                return _connection;
            }
        }
    }

    /// <summary>Frames received on the current link (0 when there is none): the resync's "answers nothing at all" test.</summary>
    internal long FramesOnCurrentLink => CurrentLink?.FramesReceived ?? 0;

    /// <summary>
    /// The options in force: the session's own copy of those it was created with, read as it works. Treat it as
    /// read-only; create a new session to change them.
    /// </summary>
    public DeviceSessionOptions Options => _options;

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
        DeviceConnection connection;
        EnterFlow();
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
        finally
        {
            ExitFlow();
        }

        lock (_gate)
        {
            _supervisor = Task.Run(() => SuperviseAsync(connection), CancellationToken.None);
        }
    }

    /// <summary>
    /// Starts connecting in the background and returns at once: for a service that boots before the device is
    /// up. <see cref="State"/> stays <see cref="ConnectionState.Connecting"/> (<see cref="LastFailure"/> says why,
    /// each attempt is logged) and commands fail at once with <see cref="DeviceConnectionException"/>
    /// until the first connect and resync succeed; attempts back off as reconnects do. Then the session behaves as
    /// after <see cref="StartAsync"/>. A non-transient failure (another model, for example) stops the attempts:
    /// the state turns <see cref="ConnectionState.Disconnected"/> with that error.
    /// </summary>
    /// <exception cref="InvalidOperationException">The session was started already.</exception>
    public void Start()
    {
        lock (_gate)
        {
            if (_state != ConnectionState.Disconnected || _startedInBackground)
            {
                throw new InvalidOperationException($"The session is {_state}; it starts once.");
            }

            _startedInBackground = true;
        }

        SetState(ConnectionState.Connecting, null);
        lock (_gate)
        {
            _supervisor = Task.Run(ConnectInBackgroundAsync, CancellationToken.None);
        }
    }

    /// <summary>Why the device is not connected: the latest failed connect or lost link; null while connected.</summary>
    public Exception? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Sends a GET or SET and returns the device's reply (the REP for the same parameter and channel).</summary>
    /// <exception cref="ArgumentException">The command is invalid for this model (checked before anything is sent), or is answered by nothing (use <see cref="SendAsync"/>).</exception>
    /// <exception cref="DeviceConnectionException">Not connected, or the link dropped before the reply.</exception>
    /// <exception cref="DeviceTimeoutException">No reply within <see cref="DeviceSessionOptions.CommandTimeout"/>.</exception>
    /// <exception cref="DeviceCommandRejectedException">The device answered REP ERR. When a REP ERR could belong to
    /// more than one command in flight, none is blamed: a GET is asked again, and a SET of an absolute value is read
    /// back (it succeeded if the device holds the value), which can take one more <see cref="DeviceSessionOptions.CommandTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CommandString> QueryAsync(CommandString request, CancellationToken cancellationToken = default)
    {
        var row = ValidateRequest(request);
        if (!row.HasReply)
        {
            throw new ArgumentException($"{request.Name} is not answered by the device; use SendAsync.", nameof(request));
        }

        Interlocked.Increment(ref _queriesInProgress);
        try
        {
            return await QueryCoreAsync(request, row, settling: false, cancellationToken).ConfigureAwait(false);
        }
        catch (AmbiguousRejectionException ambiguous)
        {
            return await SettleAsync(request, row, ambiguous, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _queriesInProgress);
        }
    }

    // A REP ERR that could be this command's or another's: a GET is asked again; a SET of an absolute value succeeded
    // if the device now holds that value and was rejected if it does not. A settlement is never settled again.
    // Settlements go one at a time, so two of them can never be ambiguous with each other; each holder is bounded by
    // its own command timeouts, so the wait for the gate is too.
    private async Task<CommandString> SettleAsync(CommandString request, ParameterDefinition row, AmbiguousRejectionException ambiguous, CancellationToken cancellationToken)
    {
        Log.RejectionAmbiguous(_logger, EndPoint, request);
        Interlocked.Increment(ref _queriesWaitingTheirTurn);
        try
        {
            await _settleGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _queriesWaitingTheirTurn);
        }

        try
        {
            if (request.Kind == CommandKind.Get)
            {
                return await QueryCoreAsync(request, row, settling: true, cancellationToken).ConfigureAwait(false);
            }

            var readBack = request.Channel is not { } channel ? CommandString.Get(request.Name)
                : request.Index is not { } index ? CommandString.Get(channel, request.Name)
                : CommandString.Get(channel, request.Name, index);
            var held = await QueryCoreAsync(readBack, row, settling: true, cancellationToken).ConfigureAwait(false);
            return held.Value == request.Value ? held : throw ambiguous.IfRejected;
        }
        finally
        {
            _settleGate.Release();
        }
    }

    private async Task<CommandString> QueryCoreAsync(CommandString request, ParameterDefinition row, bool settling, CancellationToken cancellationToken)
    {
        var started = _options.TimeProvider.GetTimestamp();
        // The wire form goes into a rented buffer: it is written once and not kept.
        var wire = ArrayPool<byte>.Shared.Rent(CommandStringFormatter.MaxFormattedLength);
        _formatter.TryFormat(request, wire, out var wireLength);
        using var activity = _telemetry.StartCommand(request);
        var connection = CurrentConnection();

        // One timeout covers the wait for our turn and the write; it starts over when the request is on the wire, so the
        // reply gets a full one from when it was written.
        using var timeout = new CommandTimeout(_options.TimeProvider, _options.CommandTimeout);
        // Most callers pass no token: linking two tokens takes no array and one registration less.
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, connection.Closing)
            : CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, connection.Closing);
        var result = "ok";
        try
        {
            using (await TakeTurnAsync(KeyOf(request, row), linked.Token).ConfigureAwait(false))
            {
                var pending = connection.Pending.Add(request, row, settling);
                try
                {
                    await connection.WriteAsync(wire, wireLength, pending, linked.Token).ConfigureAwait(false);
                    timeout.Restart();
                    pending.IsOnTheWire = true;
                    using (linked.Token.Register(static p => ((PendingCommand)p!).Completion.TrySetCanceled(), pending))
                    {
                        try
                        {
                            return await pending.Completion.Task.ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !settling && connection.Pending.IsSuspect(pending))
                        {
                            // An unassigned REP ERR may be this command's: settle it rather than call it a timeout.
                            throw new AmbiguousRejectionException(DeviceErrors.Rejected(EndPoint, request));
                        }
                    }
                }
                finally
                {
                    connection.Pending.Remove(pending);
                }
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
            Log.CommandTimedOut(_logger, EndPoint, request, _options.CommandTimeout);
            throw DeviceErrors.NoReply(EndPoint, request, _options.CommandTimeout, _options.TimeProvider.GetElapsedTime(started), ex);
        }
        catch (Exception ex) when (DeviceErrors.IsLinkFailureOrClose(ex))
        {
            result = "connection";
            throw DeviceErrors.LostBeforeReply(EndPoint, request, connection.CloseReason ?? ex);
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
        catch (AmbiguousRejectionException)
        {
            result = "ambiguous";
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(wire);
            _telemetry.Command(result, result == "ok" ? _options.TimeProvider.GetElapsedTime(started) : null);
            activity?.SetTag("shure.result", result);
            if (result != "ok")
            {
                activity?.SetStatus(ActivityStatusCode.Error, result);
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
            await connection.WriteAsync(wire, null, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw DeviceErrors.SendTimedOut(EndPoint, command, _options.CommandTimeout, ex);
        }
        catch (Exception ex) when (DeviceErrors.IsLinkFailureOrClose(ex))
        {
            throw DeviceErrors.SendFailed(EndPoint, command, connection.CloseReason ?? ex);
        }
    }

    /// <summary>Drops the current link (as if it failed); the session reconnects if <see cref="DeviceSessionOptions.AutoReconnect"/> is on.</summary>
    public void Disconnect()
    {
        DeviceConnection? connection;
        lock (_gate)
        {
            connection = _connection;
        }

        connection?.Break(new DeviceConnectionException($"{EndPoint}: disconnected on request.", EndPoint));
    }

    /// <summary>Closes the link and stops reconnecting. Outstanding commands fail with <see cref="DeviceConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        DeviceConnection? connection;
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
        connection?.Break(new DeviceConnectionException($"{EndPoint}: the session was closed.", EndPoint));
        try
        {
            await supervisor.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped while reconnecting.
        }

        // The last link's read loop and liveness end with it; a reconnect may have made a newer one meanwhile.
        lock (_gate)
        {
            connection = _connection;
        }

        if (connection is not null)
        {
            connection.Break(new DeviceConnectionException($"{EndPoint}: the session was closed.", EndPoint));
            await connection.Stopped.ConfigureAwait(false);
        }

        SetState(ConnectionState.Closed, null);
        await _events.CompleteAsync().ConfigureAwait(false);
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

    private async ValueTask<KeyLocks<ParameterKey>.Holder> TakeTurnAsync(ParameterKey key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queriesWaitingTheirTurn);
        try
        {
            return await _keyLocks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _queriesWaitingTheirTurn);
        }
    }

    // One command per reply key in flight: a second waits, so each reply completes the command that asked for it.
    // The keys are those the table validates, so the set of locks is bounded by the model.
    private static ParameterKey KeyOf(CommandString request, ParameterDefinition row) =>
        new(row.ReplyName ?? request.Name, request.Channel ?? -1, request.Index ?? -1);

    private DeviceConnection CurrentConnection()
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
                throw DeviceErrors.NotConnected(EndPoint, _state);
            }

            return connection;
        }
    }

    private void SetState(ConnectionState state, Exception? reason)
    {
        ConnectionState previous;
        lock (_gate)
        {
            previous = _state;
            if (reason is not null && state != ConnectionState.Connected)
            {
                Volatile.Write(ref _lastFailure, reason);
            }

            if (previous == state || previous == ConnectionState.Closed)
            {
                return;
            }

            _state = state;
        }

        Volatile.Write(ref _lastFailure, state == ConnectionState.Connected ? null : reason ?? Volatile.Read(ref _lastFailure));
        var args = new ConnectionStateChangedEventArgs(previous, state, reason);
        _events.Post(() => StateChanged?.Invoke(this, args));
    }
}
