using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

// The session's events and what the connection reports on its read loop: the owner's handler sees each report
// first (on the read loop), then the public events are queued for the event thread.
public sealed partial class DeviceSession : IConnectionEvents
{
    private const int MaxLoggedInvalidReportKeys = 256;
    private readonly System.Collections.Generic.HashSet<ParameterKey> _invalidReportKeys = [];
    private readonly System.Collections.Generic.HashSet<string> _spellingDeviations = new(StringComparer.Ordinal);

    /// <summary>Raised when <see cref="State"/> changes.</summary>
    public event EventHandler<ConnectionStateChangedEventArgs>? StateChanged;

    /// <summary>Raised for every REP and REP ERR the device sends: answers and change reports alike.</summary>
    public event EventHandler<ReportReceivedEventArgs>? ReportReceived;

    /// <summary>Raised for every SAMPLE line.</summary>
    public event EventHandler<SampleReceivedEventArgs>? SampleReceived;

    /// <summary>Runs <paramref name="action"/> on the event thread, after the events already queued.</summary>
    internal void Post(Action action) => _events.Post(action);

    void IConnectionEvents.OnFrame(ReadOnlySpan<byte> frame)
    {
        Interlocked.Exchange(ref _lastHeard, _options.TimeProvider.GetTimestamp());
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            Log.FrameReceived(_logger, EndPoint, AsciiText.DecodeText(frame));
        }
    }

    void IConnectionEvents.OnUnparsed(ReadOnlySpan<byte> frame)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.UnparsedFrame(_logger, EndPoint, AsciiText.DecodeText(frame));
        }
    }

    void IConnectionEvents.OnReport(CommandString report)
    {
        _handler?.OnReport(report);
        if (ReportReceived is not null)
        {
            PostReport(new ReportReceivedEventArgs(report, _options.TimeProvider.GetUtcNow()));
        }
    }

    // The lambdas live in their own methods: inside the handlers above, the compiler allocated their closures on entry,
    // for every report and every meter reading, whether anyone listened or not.
    private void PostReport(ReportReceivedEventArgs args) => _events.Post(() => ReportReceived?.Invoke(this, args));

    private void PostSample(SampleReceivedEventArgs args) => _events.Post(() => SampleReceived?.Invoke(this, args));

    // Logged once per key; the set of logged keys is capped, so a flood of distinct names cannot grow it.
    void IConnectionEvents.OnInvalidReport(CommandString report, string error)
    {
        var key = ParameterKey.Of(report);
        lock (_invalidReportKeys)
        {
            if (_invalidReportKeys.Count >= MaxLoggedInvalidReportKeys || !_invalidReportKeys.Add(key))
            {
                return;
            }
        }

        Log.InvalidReport(_logger, EndPoint, report, error);
    }

    void IConnectionEvents.OnSpellingDeviation(CommandString report, string deviation)
    {
        lock (_invalidReportKeys)
        {
            if (_spellingDeviations.Count >= MaxLoggedInvalidReportKeys || !_spellingDeviations.Add(report.Name))
            {
                return;
            }
        }

        Log.SpellingDeviation(_logger, EndPoint, report, deviation);
    }

    void IConnectionEvents.OnSample(ReadOnlySpan<int> levels)
    {
        _handler?.OnSample(levels);
        if (SampleReceived is not null)
        {
            PostSample(new SampleReceivedEventArgs(levels.ToArray(), _options.TimeProvider.GetUtcNow()));
        }
    }

    void IConnectionEvents.OnBroken(DeviceConnection connection)
    {
        _handler?.OnLinkLost();

        // The state says so at once, not when the supervisor next runs: a caller whose command just failed on the
        // broken link must not read Connected (the 10-run loop caught that window). Only the link in use counts.
        lock (_gate)
        {
            if (_state != ConnectionState.Connected || _connection != connection)
            {
                return;
            }
        }

        SetState(_options.AutoReconnect ? ConnectionState.Reconnecting : ConnectionState.Disconnected, connection.CloseReason);
    }
}
