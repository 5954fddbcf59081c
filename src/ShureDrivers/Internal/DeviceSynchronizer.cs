using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// The resync of a device object: ask for the dump, take what it delivers, then ask only for what it did not, a
/// bounded window at a time. A value the device rejects or ignores stays unknown; only <c>MODEL</c> may fail it.
/// </summary>
/// <remarks>
/// <para>The dump has no end marker. It is over when every tracked value has arrived, or when none has arrived for
/// <see cref="DumpQuietTime"/> (a quarter of the command timeout, at most 500 ms); a value asked for while the dump
/// is still trickling completes from the dump's frame, so ending early costs requests, never correctness.</para>
/// <para>The forms <c>GET 0 ALL</c> → <c>GET ALL</c> → <c>GET 1..4 ALL</c> are tried in turn on a rejection or a
/// timeout; the form that worked is tried first at the next resync of the same session.</para>
/// </remarks>
internal sealed class DeviceSynchronizer
{
    private readonly CommandString[][] _dumpForms;
    private readonly string _channelNoun;
    private readonly DeviceSession _session;
    private readonly IReadOnlyList<ParameterKey> _tracked;
    private readonly ILogger _logger;
    private readonly HashSet<ParameterKey> _loggedUnavailable = [];
    private int _workingForm = -1;
    private long _started;

    /// <param name="session">The session the resync runs on (its table gives the channels).</param>
    /// <param name="tracked">The values a resync must deliver.</param>
    /// <param name="logger">Where the resync logs.</param>
    /// <param name="channelNoun">"output" or "input", for messages.</param>
    public DeviceSynchronizer(DeviceSession session, IReadOnlyList<ParameterKey> tracked, ILogger logger, string channelNoun)
    {
        // GET n ALL for each channel of the session's model, as the last form.
        _dumpForms =
        [
            [CommandString.Get(0, ShureParameters.All)],
            [CommandString.Get(ShureParameters.All)],
            [.. Enumerable.Range(1, session.Options.Table.ChannelCount).Select(ch => CommandString.Get(ch, ShureParameters.All))],
        ];
        _channelNoun = channelNoun;
        _session = session;
        _tracked = tracked;
        _logger = logger;
    }

    public TimeSpan DumpQuietTime => TimeSpan.FromTicks(Math.Min(_session.Options.CommandTimeout.Ticks / 4, TimeSpan.FromMilliseconds(500).Ticks));

    /// <summary>Runs one resync; the caller feeds <paramref name="progress"/> from the reports that arrive meanwhile.</summary>
    /// <returns>How many requests were sent.</returns>
    /// <exception cref="ShureDeviceException">The link failed, <c>MODEL</c> could not be read, or the device has sent
    /// no frame at all after the dump request and the first window of requests ("answers no command strings").</exception>
    public async Task<int> RunAsync(ResyncProgress progress, CancellationToken cancellationToken)
    {
        var time = _session.Options.TimeProvider;
        var started = time.GetTimestamp();
        _started = started;
        var requests = 0;
        if (await RequestDumpAsync(() => requests++, cancellationToken).ConfigureAwait(false))
        {
            await WaitForDumpAsync(progress, cancellationToken).ConfigureAwait(false);
        }

        var delivered = progress.ArrivedCount;

        // MODEL first: a wrong model ends the resync as soon as it is known, and a silent device is found by the first window.
        var missing = progress.Missing(_tracked).OrderBy(k => k.Name == ShureParameters.Model ? 0 : 1).ToList();
        var unknown = 0;
        Exception? silent = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var window = new SemaphoreSlim(_session.Options.MaxResyncRequestsInFlight);
        var reads = missing.Select(async key =>
        {
            await window.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref requests);
                await _session.QueryAsync(RequestFor(key), stop.Token).ConfigureAwait(false);
            }
            catch (DeviceTimeoutException ex) when (_session.FramesOnCurrentLink == 0)
            {
                Interlocked.CompareExchange(ref silent, AnswersNothing(time.GetElapsedTime(started), ex), null);
                stop.Cancel();
            }
            catch (DeviceCommandRejectedException) when (key.Name != ShureParameters.Model)
            {
                Interlocked.Increment(ref unknown);
                Unavailable(key, "rejected with REP ERR");
            }
            catch (DeviceTimeoutException) when (key.Name != ShureParameters.Model)
            {
                Interlocked.Increment(ref unknown);
                Unavailable(key, "no reply");
            }
            finally
            {
                window.Release();
            }
        }).ToList();
        try
        {
            await Task.WhenAll(reads).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Volatile.Read(ref silent) is not null && !cancellationToken.IsCancellationRequested)
        {
            // Stopped because the device answers nothing; thrown below.
        }

        if (Volatile.Read(ref silent) is { } nothing)
        {
            throw nothing;
        }

        Log.ResyncCompleted(_logger, _session.EndPoint, time.GetElapsedTime(started), requests, delivered, unknown);
        return requests;
    }

    /// <summary>Asks, a window at a time, for <paramref name="keys"/> that a resync cut short left unknown; failures are ignored.</summary>
    public async Task FillAsync(IReadOnlyList<ParameterKey> keys, CancellationToken cancellationToken)
    {
        using var window = new SemaphoreSlim(_session.Options.MaxResyncRequestsInFlight);
        await Task.WhenAll(keys.Select(async key =>
        {
            await window.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _session.QueryAsync(RequestFor(key), cancellationToken).ConfigureAwait(false);
            }
            catch (ShureDeviceException)
            {
                // Stays unknown; the next resync asks again.
            }
            finally
            {
                window.Release();
            }
        })).ConfigureAwait(false);
    }

    // Nothing at all has arrived since the link came up: one GET MODEL decides at once whether the device answers
    // anything, before every other dump form and value waits its own timeout.
    private async Task EnsureAnsweringAsync(CancellationToken cancellationToken)
    {
        if (_session.FramesOnCurrentLink > 0)
        {
            return;
        }

        try
        {
            await _session.QueryAsync(CommandString.Get(ShureParameters.Model), cancellationToken).ConfigureAwait(false);
        }
        catch (DeviceTimeoutException ex) when (_session.FramesOnCurrentLink == 0)
        {
            throw AnswersNothing(_session.Options.TimeProvider.GetElapsedTime(_started), ex);
        }
        catch (DeviceCommandRejectedException)
        {
            // It answers: the next form may work.
        }
    }

    private DeviceTimeoutException AnswersNothing(TimeSpan elapsed, Exception inner) =>
        new($"{_session.EndPoint} accepts connections but answers no command strings: no frame arrived in {elapsed.TotalSeconds:0.#} s, neither to the dump request nor to GET MODEL. Is it a Shure device on its control port?", elapsed, _session.EndPoint, inner);

    // True when some form of the dump was taken (the device sent at least one frame after it).
    private async Task<bool> RequestDumpAsync(Action counted, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, _dumpForms.Length).OrderBy(i => i == _workingForm ? -1 : i);
        foreach (var index in order)
        {
            try
            {
                foreach (var request in _dumpForms[index])
                {
                    counted();
                    await _session.QueryAsync(request, cancellationToken).ConfigureAwait(false);
                }

                _workingForm = index;
                return true;
            }
            catch (DeviceCommandRejectedException)
            {
                Log.ResyncDumpFormFailed(_logger, _session.EndPoint, _dumpForms[index][0], "rejected");
            }
            catch (DeviceTimeoutException)
            {
                Log.ResyncDumpFormFailed(_logger, _session.EndPoint, _dumpForms[index][0], "not answered");
                await EnsureAnsweringAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _workingForm = -1;
        return false;
    }

    private async Task WaitForDumpAsync(ResyncProgress progress, CancellationToken cancellationToken)
    {
        var time = _session.Options.TimeProvider;
        var quietTime = DumpQuietTime;
        while (!progress.Complete.IsCompleted)
        {
            var left = quietTime - progress.Quiet;
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = time.DelayAsync(left, stop.Token);
            await Task.WhenAny(progress.Complete, delay).ConfigureAwait(false);
            stop.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void Unavailable(ParameterKey key, string reason)
    {
        lock (_loggedUnavailable)
        {
            if (!_loggedUnavailable.Add(key))
            {
                return;
            }
        }

        Log.ResyncValueUnavailable(_logger, _session.EndPoint, Describe(key), reason);
    }

    private static CommandString RequestFor(ParameterKey key) =>
        key.Channel < 0 ? CommandString.Get(key.Name)
        : key.Index < 0 ? CommandString.Get(key.Channel, key.Name)
        : CommandString.Get(key.Channel, key.Name, key.Index);

    private string Describe(ParameterKey key) =>
        key.Channel < 0 ? key.Name : key.Index < 0 ? $"{key.Name} on {_channelNoun} {key.Channel}" : $"{key.Name} {key.Index} on {_channelNoun} {key.Channel}";
}
