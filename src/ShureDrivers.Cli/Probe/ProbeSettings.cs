using System;
using System.Net;
using ShureDrivers.Discovery;

namespace ShureDrivers.Cli.Probe;

/// <summary>What <c>shure probe</c> was asked to do.</summary>
internal sealed record ProbeSettings(
    string Target,
    DnsEndPoint EndPoint,
    DeviceConnector Connector,
    TimeSpan Timeout,
    bool Writes,
    IPEndPoint? Dante,
    DiscoveryOptions? Discovery,
    int MaxExtraSessions = 8)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The longest the probe works on the wire; past it, the rest is reported "not answered" (restores still run).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(5);
}
