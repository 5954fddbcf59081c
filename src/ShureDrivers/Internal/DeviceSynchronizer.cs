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
    private static readonly CommandString[][] DumpForms =
    [
        [CommandString.Get(0, Ani4OutParameters.All)],
        [CommandString.Get(Ani4OutParameters.All)],
        [.. Enumerable.Range(1, Ani4OutCommandTable.OutputCount).Select(ch => CommandString.Get(ch, Ani4OutParameters.All))],
    ];

    private readonly DeviceSession _session;
    private readonly IReadOnlyList<ParameterKey> _tracked;
    private readonly ILogger _logger;
    private readonly HashSet<ParameterKey> _loggedUnavailable = [];
    private int _workingForm = -1;

    public DeviceSynchronizer(DeviceSession session, IReadOnlyList<ParameterKey> tracked, ILogger logger)
    {
        _session = session;
        _tracked = tracked;
        _logger = logger;
    }

    public TimeSpan DumpQuietTime => TimeSpan.FromTicks(Math.Min(_session.Options.CommandTimeout.Ticks / 4, TimeSpan.FromMilliseconds(500).Ticks));

    /// <summary>Runs one resync; the caller feeds <paramref name="progress"/> from the reports that arrive meanwhile.</summary>
    /// <returns>How many requests were sent.</returns>
    /// <exception cref="ShureDeviceException">The link failed, or <c>MODEL</c> could not be read.</exception>
    public async Task<int> RunAsync(ResyncProgress progress, CancellationToken cancellationToken)
    {
        var time = _session.Options.TimeProvider;
        var started = time.GetTimestamp();
        var requests = 0;
        if (await RequestDumpAsync(() => requests++, cancellationToken).ConfigureAwait(false))
        {
            await WaitForDumpAsync(progress, cancellationToken).ConfigureAwait(false);
        }

        var delivered = progress.ArrivedCount;
        var missing = progress.Missing(_tracked);
        var unknown = 0;
        using var window = new SemaphoreSlim(_session.Options.MaxResyncRequestsInFlight);
        var reads = missing.Select(async key =>
        {
            await window.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref requests);
                await _session.QueryAsync(RequestFor(key), cancellationToken).ConfigureAwait(false);
            }
            catch (DeviceCommandRejectedException) when (key.Name != Ani4OutParameters.Model)
            {
                Interlocked.Increment(ref unknown);
                Unavailable(key, "rejected with REP ERR");
            }
            catch (DeviceTimeoutException) when (key.Name != Ani4OutParameters.Model)
            {
                Interlocked.Increment(ref unknown);
                Unavailable(key, "no reply");
            }
            finally
            {
                window.Release();
            }
        }).ToList();
        await Task.WhenAll(reads).ConfigureAwait(false);
        Log.ResyncCompleted(_logger, _session.EndPoint, time.GetElapsedTime(started), requests, delivered, unknown);
        return requests;
    }

    // True when some form of the dump was taken (the device sent at least one frame after it).
    private async Task<bool> RequestDumpAsync(Action counted, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, DumpForms.Length).OrderBy(i => i == _workingForm ? -1 : i);
        foreach (var index in order)
        {
            try
            {
                foreach (var request in DumpForms[index])
                {
                    counted();
                    await _session.QueryAsync(request, cancellationToken).ConfigureAwait(false);
                }

                _workingForm = index;
                return true;
            }
            catch (DeviceCommandRejectedException)
            {
                Log.ResyncDumpFormFailed(_logger, _session.EndPoint, DumpForms[index][0], "rejected");
            }
            catch (DeviceTimeoutException)
            {
                Log.ResyncDumpFormFailed(_logger, _session.EndPoint, DumpForms[index][0], "not answered");
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

    private static string Describe(ParameterKey key) =>
        key.Channel < 0 ? key.Name : key.Index < 0 ? $"{key.Name} on output {key.Channel}" : $"{key.Name} {key.Index} on output {key.Channel}";
}
