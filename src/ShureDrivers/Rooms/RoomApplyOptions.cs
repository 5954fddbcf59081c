using System;
using ShureDrivers.Discovery;
using ShureDrivers.PacketBridge;

namespace ShureDrivers.Rooms;

/// <summary>How <see cref="RoomApplier"/> works.</summary>
public sealed class RoomApplyOptions
{
    /// <summary>Read and compare only; send no SET.</summary>
    public bool DryRun { get; set; }

    /// <summary>Devices handled at once (1..256).</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Connect and reply timeout for each device.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Session settings (connector, port, logging, clock); timeouts come from <see cref="Timeout"/>, and reconnecting is off.</summary>
    public DeviceSessionOptions? Session { get; set; }

    /// <summary>How <c>mdns</c> and <c>mac</c> locators search.</summary>
    public DiscoveryOptions? Discovery { get; set; }

    /// <summary>How <c>dante</c> locators ask the packet bridge.</summary>
    public PacketBridgeOptions? PacketBridge { get; set; }

    /// <summary>Told about each device as it finishes.</summary>
    public IProgress<RoomDeviceReport>? Progress { get; set; }
}
