using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Probe;

/// <summary>
/// The probe's main connection: a <see cref="ProbeLink"/> that is opened again when the device closes it (some
/// firmware drops a session on a request it dislikes), each such close noted with the request before it, so one
/// intolerant answer does not end the probe. Reconnects and the time on the wire are bounded.
/// </summary>
internal sealed class ProbeSession(Func<CancellationToken, Task<Stream>> connect, TimeProvider time, TimeSpan budget) : IAsyncDisposable
{
    private readonly long _started = time.GetTimestamp();
    private const int MaxReconnects = 8;
    private ProbeLink? _link;
    private long _framesBefore;
    private int _reconnects;
    private string? _lastRequest;

    /// <summary>What each close and reconnect was, in order.</summary>
    public List<string> Closes { get; } = [];

    /// <summary>Written after every request: empty (as documented), or CR LF for firmware that waits for a line end.</summary>
    public string RequestEnd { get; set; } = string.Empty;

    /// <summary>While true (putting back what <c>--writes</c> changed), the time budget does not stop requests.</summary>
    public bool Restoring { get; set; }

    public long FramesReceived => _framesBefore + (_link?.FramesReceived ?? 0);

    /// <summary>Every frame of the current link.</summary>
    public List<ProbeFrame> Log => _link?.Log ?? [];

    public bool IsClosed => _link is null || _link.IsClosed;

    public async Task OpenAsync(CancellationToken ct) => _link = new ProbeLink(await connect(ct), time);

    public async Task<ProbeOutcome> ExchangeAsync(string request, Func<string, bool> answers, TimeSpan timeout, CancellationToken ct)
    {
        var link = await CurrentAsync(ct);
        _lastRequest = request;
        var outcome = await link.ExchangeAsync(request + RequestEnd, answers, timeout, ct);
        return outcome with { Request = request };
    }

    public async Task SendAsync(string request, CancellationToken ct)
    {
        var link = await CurrentAsync(ct);
        _lastRequest = request;
        await link.SendAsync(request + RequestEnd, ct);
    }

    public async Task<List<ProbeFrame>> CollectAsync(TimeSpan first, TimeSpan quiet, TimeSpan limit, Func<string, bool> counts, CancellationToken ct) =>
        await (await CurrentAsync(ct)).CollectAsync(first, quiet, limit, counts, ct);

    public void Drain() => _link?.Drain();

    public async ValueTask DisposeAsync()
    {
        if (_link is not null)
        {
            await _link.DisposeAsync();
        }
    }

    private async Task<ProbeLink> CurrentAsync(CancellationToken ct)
    {
        if (!Restoring && time.GetElapsedTime(_started) > budget)
        {
            throw new DeviceTimeoutException($"the probe's time budget of {budget.TotalMinutes:0} minutes is spent (a device that stopped answering?).", budget);
        }

        if (_link is { IsClosed: false } open)
        {
            return open;
        }

        if (_link is not null)
        {
            Closes.Add($"the device {(_link.WasReset ? "reset" : "closed")} the connection after `{_lastRequest ?? "connecting"}`");
            _framesBefore += _link.FramesReceived;
            await _link.DisposeAsync();
            _link = null;
            if (++_reconnects > MaxReconnects)
            {
                throw new DeviceConnectionException($"The device closed the connection {MaxReconnects} times; the probe stops.", null);
            }
        }

        await OpenAsync(ct);
        return _link!;
    }
}
