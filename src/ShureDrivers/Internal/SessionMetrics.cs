using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace ShureDrivers.Internal;

/// <summary>The library's <see cref="Meter"/>: command counts and round-trip times, reconnects, REP ERR, dropped bytes.</summary>
internal static class SessionMetrics
{
    public const string MeterName = "ShureDrivers";

    private static readonly Meter Meter = new(MeterName, typeof(SessionMetrics).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> Commands = Meter.CreateCounter<long>("shure.commands", description: "Commands sent, tagged by result (ok, rejected, timeout, connection, canceled).");

    public static readonly Histogram<double> RoundTrip = Meter.CreateHistogram<double>("shure.command.duration", unit: "ms", description: "Time from sending a command to its reply.");

    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("shure.reconnects", description: "Reconnect attempts after a lost link.");

    public static readonly Counter<long> Rejections = Meter.CreateCounter<long>("shure.rep_err", description: "REP ERR frames received.");

    public static readonly Counter<long> DroppedBytes = Meter.CreateCounter<long>("shure.dropped_bytes", description: "Bytes the framer dropped (junk, oversized or interrupted frames).");

    public static readonly Counter<long> InvalidReports = Meter.CreateCounter<long>("shure.invalid_reports", description: "REPs refused because the model's table does not allow them (unknown name, bad channel, bad value); never cached.");

    public static readonly Counter<long> BridgeRepliesIgnored = Meter.CreateCounter<long>("shure.bridge.ignored_replies", description: "Datagrams a packet-bridge query ignored: from another address or port, too short, or implausible.");

    public static KeyValuePair<string, object?> Result(string result) => new("result", result);
}
