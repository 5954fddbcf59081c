using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// One session's metrics and traces. Metrics go to the <c>ShureDrivers</c> meter: the one from
/// <see cref="DeviceSessionOptions.MeterFactory"/> when given (hosted apps), else a process-wide one. Every
/// measurement carries the device tag <c>shure.device</c>; durations are in seconds (OpenTelemetry conventions).
/// Spans come from the <c>ShureDrivers</c> <see cref="ActivitySource"/>: <c>shure.command</c> and <c>shure.resync</c>.
/// </summary>
internal sealed class DeviceTelemetry
{
    public const string Name = "ShureDrivers";
    public const string DeviceTag = "shure.device";
    public const string ModelTag = "shure.model";

    private static readonly string? Version = typeof(DeviceTelemetry).Assembly.GetName().Version?.ToString();
    private static readonly Instruments Shared = new(new Meter(Name, Version));
    private static readonly ConditionalWeakTable<Meter, Instruments> ByMeter = new();

    private readonly Instruments _instruments;
    private readonly KeyValuePair<string, object?> _device;
    private readonly KeyValuePair<string, object?> _model;

    /// <param name="factory">The host's meter factory, or null for the process-wide meter.</param>
    /// <param name="device">The <c>shure.device</c> tag.</param>
    /// <param name="model">The <c>shure.model</c> tag: the session's table's model (<c>ANI4OUT</c>, <c>ANI4IN</c>).</param>
    public DeviceTelemetry(IMeterFactory? factory, string device, string model)
    {
        _instruments = factory is null ? Shared : ByMeter.GetValue(factory.Create(new MeterOptions(Name) { Version = Version }), m => new Instruments(m));
        _device = new(DeviceTag, device);
        _model = new(ModelTag, model);
    }

    /// <summary>The spans: one per command and one per resync.</summary>
    public static ActivitySource Source { get; } = new(Name, Version);

    /// <summary>Packet-bridge datagrams ignored; the bridge client has no session, so this one is process-wide.</summary>
    public static Counter<long> BridgeRepliesIgnored => Shared.BridgeRepliesIgnored;

    public void Command(string result, TimeSpan? duration)
    {
        var outcome = new KeyValuePair<string, object?>("result", result);
        _instruments.Commands.Add(1, _device, _model, outcome);
        if (duration is { } d)
        {
            _instruments.Duration.Record(d.TotalSeconds, _device, _model, outcome);
        }
    }

    public void Reconnect() => _instruments.Reconnects.Add(1, _device, _model);

    public void Rejection() => _instruments.Rejections.Add(1, _device, _model);

    public void DroppedBytes(long count) => _instruments.DroppedBytes.Add(count, _device, _model);

    public void InvalidReport() => _instruments.InvalidReports.Add(1, _device, _model);

    public Activity? StartCommand(CommandString request)
    {
        var activity = Source.StartActivity("shure.command", ActivityKind.Client);
        if (activity is not null)
        {
            activity.DisplayName = "shure.command " + request.Name;
            activity.SetTag(DeviceTag, _device.Value);
            activity.SetTag(ModelTag, _model.Value);
            activity.SetTag("shure.command.name", request.Name);
            activity.SetTag("shure.command.kind", request.Kind.ToString().ToUpperInvariant());
            if (request.Channel is { } channel)
            {
                activity.SetTag("shure.channel", channel);
            }
        }

        return activity;
    }

    public Activity? StartResync()
    {
        var activity = Source.StartActivity("shure.resync", ActivityKind.Internal);
        activity?.SetTag(DeviceTag, _device.Value);
        activity?.SetTag(ModelTag, _model.Value);
        return activity;
    }

    private sealed class Instruments(Meter meter)
    {
        public Counter<long> Commands { get; } = meter.CreateCounter<long>("shure.commands", description: "Commands sent, tagged by result (ok, rejected, timeout, connection, canceled) and device.");

        public Histogram<double> Duration { get; } = meter.CreateHistogram<double>("shure.command.duration", unit: "s", description: "Time from sending a command to its reply, in seconds.");

        public Counter<long> Reconnects { get; } = meter.CreateCounter<long>("shure.reconnects", description: "Reconnect attempts after a lost link.");

        public Counter<long> Rejections { get; } = meter.CreateCounter<long>("shure.rep_err", description: "REP ERR frames received.");

        public Counter<long> DroppedBytes { get; } = meter.CreateCounter<long>("shure.dropped_bytes", unit: "By", description: "Bytes the framer dropped (junk, oversized or interrupted frames).");

        public Counter<long> InvalidReports { get; } = meter.CreateCounter<long>("shure.invalid_reports", description: "REPs refused because the model's table does not allow them (unknown name, bad channel, bad value); never cached.");

        public Counter<long> BridgeRepliesIgnored { get; } = meter.CreateCounter<long>("shure.bridge.ignored_replies", description: "Datagrams a packet-bridge query ignored: from another address or port, too short, or implausible.");
    }
}
