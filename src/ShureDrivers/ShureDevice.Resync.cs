using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

// The resync as the device object runs it: one at a time, unknown values dropped, the MODEL check, and a background
// retry when a refresh fails while the link stays up (so stale never outlives a failed refresh).
public abstract partial class ShureDevice
{
    private readonly CancellationTokenSource _lifetime = new();
    private int _retrying;

    // The session's resync after a connect: a failure breaks the link, and the reconnect tries again.
    Task ISessionHandler.SynchronizeAsync(CancellationToken cancellationToken) => SynchronizeCoreAsync(cancellationToken);

    private async Task SynchronizeCoreAsync(CancellationToken cancellationToken)
    {
        Session.EnterFlow();
        try
        {
            await SynchronizeOneAtATimeAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Session.ExitFlow();
        }
    }

    private async Task SynchronizeOneAtATimeAsync(CancellationToken cancellationToken)
    {
        // One resync at a time: a recall's refresh and a reconnect's resync would count each other's values.
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var progress = new ResyncProgress(_trackedKeys, Session.Options.TimeProvider);
            long generation;
            lock (_gate)
            {
                _stale = true;
                _progress = progress;
                generation = _linkGeneration;
            }

            // The bound covers whatever the device sends; a wrong MODEL (progress.Aborted) ends the resync at once.
            using var bound = Session.Options.TimeProvider.CreateTimeoutSource(Session.Options.ResyncTimeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token, progress.Aborted);
            var cutShort = false;
            try
            {
                await _synchronizer.RunAsync(progress, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (progress.AbortReason is { } reason && !cancellationToken.IsCancellationRequested)
            {
                throw reason;
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                cutShort = true;
            }
            finally
            {
                lock (_gate)
                {
                    _progress = null;
                }
            }

            List<ParameterKey> unanswered = [];
            lock (_gate)
            {
                // What did not arrive in this resync is unknown, whatever an earlier link said, unless the device itself
                // reported it during this link (a confirmed SET whose GET the firmware rejects); what arrived stays.
                foreach (var key in _tracked)
                {
                    if (!progress.HasArrived(key) && !_values.IsConfirmed(key))
                    {
                        _values.Remove(key);
                        unanswered.Add(key);
                    }
                }
            }

            if (cutShort)
            {
                if (!HasModel())
                {
                    throw new DeviceTimeoutException(
                        $"{Session.EndPoint} did not say what it is (no MODEL) within the resync bound of {Session.Options.ResyncTimeout.TotalSeconds:0.#} s (DeviceSessionOptions.ResyncTimeout).",
                        Session.Options.ResyncTimeout,
                        Session.EndPoint);
                }

                Log.ResyncTimedOut(_logger, Session.EndPoint, Session.Options.ResyncTimeout, unanswered.Count);
                _ = FillInBackgroundAsync(unanswered);
            }

            CheckModel();
            lock (_gate)
            {
                // A link lost while this resync ran leaves the values stale: the reconnect resyncs them.
                if (_linkGeneration != generation)
                {
                    throw new DeviceConnectionException($"{Session.EndPoint}: the link was lost during the resync.", Session.EndPoint);
                }

                _stale = false;
            }
        }
        finally
        {
            _syncGate.Release();
        }

        Session.Post(() =>
        {
            PropertyChanged?.Invoke(this, new PropertyChangedEventArgs(string.Empty));
            foreach (var channel in _channels)
            {
                channel.RaisePropertyChanged(string.Empty);
            }

            Synchronized?.Invoke(this, EventArgs.Empty);
        });
    }

    // Another Shure model answers the same protocol (MXA920, P300, SLXD4D): refuse it by name.
    private void CheckModel()
    {
        string? model;
        lock (_gate)
        {
            model = _values.TryGetValue(new ParameterKey(ShureParameters.Model), out var value) ? value.Text : null;
        }

        if (ModelMismatch(model) is { } mismatch)
        {
            throw mismatch;
        }
    }

    private bool HasModel()
    {
        lock (_gate)
        {
            return _values.Contains(new ParameterKey(ShureParameters.Model));
        }
    }

    // Null when the model is the expected one (or no check is asked for).
    private DeviceModelMismatchException? ModelMismatch(string? model)
    {
        var expected = Session.Options.ExpectedModelPrefix;
        if (string.IsNullOrEmpty(expected) || (model is not null && model.Trim().StartsWith(expected, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var reported = model?.Trim() ?? "(none)";
        return new DeviceModelMismatchException(
            $"{Session.EndPoint} is a {reported}, not an {expected}: its MODEL reply does not start with '{expected}' (DeviceSessionOptions.ExpectedModelPrefix).",
            reported,
            expected!,
            Session.EndPoint);
    }

    // A resync cut short by its bound: what it left unknown is asked for in the background, and arrives as reports.
    private async Task FillInBackgroundAsync(IReadOnlyList<ParameterKey> keys)
    {
        try
        {
            await _synchronizer.FillAsync(keys, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    // A recall or reset the device made or accepted: a resync that fails now is retried in the background (RefreshAsync
    // schedules it), not thrown. Only the caller's own cancellation propagates.
    private async Task RefreshAfterChangeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ShureDeviceException || (ex is OperationCanceledException or ObjectDisposedException && !cancellationToken.IsCancellationRequested))
        {
            // Values read null until the retry succeeds.
        }
    }

    private void ScheduleResyncRetry()
    {
        if (Interlocked.Exchange(ref _retrying, 1) == 0)
        {
            _ = RetryResyncAsync();
        }
    }

    private async Task RetryResyncAsync()
    {
        var time = Session.Options.TimeProvider;
        var delay = Session.Options.ReconnectDelay;
        try
        {
            while (IsStale && Session.State == ConnectionState.Connected)
            {
                Log.ResyncRetryScheduled(_logger, Session.EndPoint, delay);
                await time.DelayAsync(delay, _lifetime.Token).ConfigureAwait(false);
                if (!IsStale || Session.State != ConnectionState.Connected)
                {
                    break;
                }

                try
                {
                    await SynchronizeCoreAsync(_lifetime.Token).ConfigureAwait(false);
                }
                catch (ShureDeviceException)
                {
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Session.Options.MaxReconnectDelay.Ticks));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Disposed.
        }
        finally
        {
            Volatile.Write(ref _retrying, 0);
        }

        // A failure that raced the loop's exit: look again.
        if (IsStale && Session.State == ConnectionState.Connected && !_lifetime.IsCancellationRequested)
        {
            ScheduleResyncRetry();
        }
    }
}
