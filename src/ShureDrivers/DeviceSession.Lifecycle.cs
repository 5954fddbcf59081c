using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

// Connect, resync and reconnect: one connection at a time, activated by the owner's resync, supervised until the
// session is disposed, and replaced through the Polly pipeline when it breaks.
public sealed partial class DeviceSession
{
    private static readonly CommandString KeepAliveRequest = CommandString.Get(Ani4OutParameters.Model);

    private async Task<DeviceConnection> ConnectOnceAsync(CancellationToken cancellationToken)
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
            throw DeviceErrors.ConnectTimedOut(EndPoint, _options.ConnectTimeout, ex);
        }
        catch (Exception ex) when (DeviceErrors.IsLinkFailureOrClose(ex))
        {
            throw DeviceErrors.ConnectFailed(EndPoint, ex);
        }

        var connection = new DeviceConnection(stream, EndPoint, _logger, _options.TimeProvider, _parser, this, _telemetry);

        // Liveness counts from the connect, not from whatever the previous link last heard.
        Interlocked.Exchange(ref _lastHeard, _options.TimeProvider.GetTimestamp());
        connection.Start();
        connection.Watch(new LivenessMonitor(connection, _options, () => Interlocked.Read(ref _lastHeard), t => QueryAsync(KeepAliveRequest, t), _logger, EndPoint));
        return connection;
    }

    private async Task ActivateAsync(DeviceConnection connection, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _connection = connection;
        }

        // Commands flow from here (the resync needs them); State turns Connected once the resync is done.
        connection.AllowCommands = true;
        if (_handler is not null)
        {
            SetState(ConnectionState.Synchronizing, null);
            using var activity = _telemetry.StartResync();
            try
            {
                await _handler.SynchronizeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ShureDeviceException or OperationCanceledException)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
                Log.SynchronizeFailed(_logger, EndPoint, ex);
                connection.Break(ex);
                throw;
            }
        }

        Log.Connected(_logger, EndPoint);
        SetState(ConnectionState.Connected, null);
    }

    private async Task SuperviseAsync(DeviceConnection connection)
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
            if (await ConnectUntilUpAsync(ReconnectOnceAsync, ConnectionState.Reconnecting, stopOnFinal: false).ConfigureAwait(false) is not { } next)
            {
                return;
            }

            connection = next;
        }
    }

    // Start(): the first connect, retried through the reconnect pipeline until it works or is not worth retrying.
    private async Task ConnectInBackgroundAsync()
    {
        if (await ConnectUntilUpAsync(FirstConnectOnceAsync, ConnectionState.Connecting, stopOnFinal: true).ConfigureAwait(false) is { } connection)
        {
            await SuperviseAsync(connection).ConfigureAwait(false);
        }
    }

    // The one reconnect loop: attempts through the pipeline until one works. Null once the session is disposed, or
    // (stopOnFinal) after a final refusal such as another model, which leaves the session Disconnected.
    private async Task<DeviceConnection?> ConnectUntilUpAsync(Func<CancellationToken, ValueTask<DeviceConnection>> attempt, ConnectionState whileDown, bool stopOnFinal)
    {
        var token = _lifetime.Token;
        while (true)
        {
            try
            {
                return await ReconnectPipeline.ExecuteAsync(attempt, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return null;
            }
            catch (ShureDeviceException ex) when (stopOnFinal && !ex.IsTransient)
            {
                SetState(ConnectionState.Disconnected, ex);
                return null;
            }
            catch (Exception ex) when (DeviceErrors.IsConnectFailure(ex))
            {
                // A custom pipeline gave up; keep trying at its pace rather than stay down for good.
                SetState(whileDown, ex);
                try
                {
                    await _options.TimeProvider.DelayAsync(_options.MaxReconnectDelay, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
        }
    }

    private ValueTask<DeviceConnection> FirstConnectOnceAsync(CancellationToken cancellationToken) =>
        ConnectAndActivateAsync(ConnectionState.Connecting, cancellationToken);

    private ValueTask<DeviceConnection> ReconnectOnceAsync(CancellationToken cancellationToken)
    {
        _telemetry.Reconnect();
        return ConnectAndActivateAsync(ConnectionState.Reconnecting, cancellationToken);
    }

    // One attempt: connect and resync. A failure leaves the state at whileDown, with the reason for LastFailure.
    private async ValueTask<DeviceConnection> ConnectAndActivateAsync(ConnectionState whileDown, CancellationToken cancellationToken)
    {
        EnterFlow();
        try
        {
            DeviceConnection connection;
            try
            {
                connection = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ShureDeviceException ex)
            {
                SetState(whileDown, ex);
                throw;
            }

            try
            {
                await ActivateAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                connection.Break(new DeviceConnectionException($"{EndPoint}: resynchronising failed.", EndPoint));
                SetState(whileDown, ex);
                throw;
            }

            return connection;
        }
        finally
        {
            ExitFlow();
        }
    }

    // Built when first needed: most sessions connect once and never retry, and building a pipeline validates its
    // options through DataAnnotations (about 5 KB per session and two more assemblies in memory).
    private ResiliencePipeline ReconnectPipeline =>
        Volatile.Read(ref _reconnect) ?? Interlocked.CompareExchange(ref _reconnect, _options.ReconnectPipeline ?? BuildDefaultPipeline(), null) ?? _reconnect!;

    private ResiliencePipeline BuildDefaultPipeline()
    {
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(DeviceErrors.IsRetryable),
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
}
