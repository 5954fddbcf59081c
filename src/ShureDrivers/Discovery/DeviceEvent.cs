namespace ShureDrivers.Discovery;

/// <summary>A change seen while browsing.</summary>
public sealed class DeviceEvent
{
    /// <summary>Creates the event.</summary>
    public DeviceEvent(DeviceEventKind kind, DiscoveredDevice device)
    {
        Kind = kind;
        Device = device;
    }

    /// <summary>What happened.</summary>
    public DeviceEventKind Kind { get; }

    /// <summary>The device as now known (as last known, for <see cref="DeviceEventKind.Gone"/>).</summary>
    public DiscoveredDevice Device { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Device}";
}
