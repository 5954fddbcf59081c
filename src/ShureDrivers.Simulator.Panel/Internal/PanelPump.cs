using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Simulator.Panel.Internal;

/// <summary>
/// Sends the page what changed, once per update interval: a device's state when it differs from what was last sent,
/// its newest meter line, and the frames logged since. So each device updates the page at most once an interval
/// however busy its wire is. A full check every 10 intervals catches what no event announces (faults set by code).
/// </summary>
internal sealed class PanelPump
{
    private const int FullCheckEvery = 10;
    private readonly IReadOnlyList<PanelDevice> _devices;
    private readonly PanelHub _hub;
    private readonly long[] _wireSent;

    public PanelPump(IReadOnlyList<PanelDevice> devices, PanelHub hub)
    {
        _devices = devices;
        _hub = hub;
        _wireSent = new long[devices.Count];
    }

    /// <summary>Held while a tick runs and while a new page gets its first snapshot, so no older state follows it.</summary>
    public object Gate { get; } = new();

    public async Task RunAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        long tick = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (Gate)
                {
                    Tick(tick++ % FullCheckEvery == 0);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the panel.
        }
    }

    private void Tick(bool full)
    {
        var anyone = _hub.HasClients;
        for (var i = 0; i < _devices.Count; i++)
        {
            var device = _devices[i];
            var dirty = device.TakeDirty();
            var meters = device.TakeMeters();
            var wire = device.WireAfter(_wireSent[i]);
            if (wire.Count > 0)
            {
                _wireSent[i] = wire[wire.Count - 1].Sequence;
            }

            if (!anyone)
            {
                device.LastSnapshot = null;
                continue;
            }

            var sessions = device.Simulator.SessionCount;
            if (dirty || full || sessions != device.LastSessionCount)
            {
                device.LastSessionCount = sessions;
                var snapshot = DeviceJson.Snapshot(device);
                if (!string.Equals(snapshot, device.LastSnapshot, StringComparison.Ordinal))
                {
                    device.LastSnapshot = snapshot;
                    _hub.Broadcast("device", snapshot);
                }
            }

            if (meters is not null)
            {
                _hub.Broadcast("meters", DeviceJson.Meters(device.Id, meters));
            }

            if (wire.Count > 0)
            {
                _hub.Broadcast("wire", DeviceJson.Wire(device.Id, wire));
            }
        }
    }
}
