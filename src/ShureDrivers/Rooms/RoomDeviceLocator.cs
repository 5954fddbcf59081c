using System;

namespace ShureDrivers.Rooms;

/// <summary>How to find a device: exactly one of the four is set.</summary>
public sealed class RoomDeviceLocator
{
    /// <summary>An IP address, a name, or <c>host:port</c>.</summary>
    public string? Host { get; init; }

    /// <summary>An mDNS host or instance name (<c>ANI4OUT-aabbcc</c>, with or without <c>.local</c>).</summary>
    public string? Mdns { get; init; }

    /// <summary>The control MAC, found by discovery.</summary>
    public string? Mac { get; init; }

    /// <summary>The Dante interface's IPv4 address or Dante device name, turned into the control address by the packet bridge.</summary>
    public string? Dante { get; init; }

    /// <summary>The same locator in the core's one model (validation and resolution shared with hosting).</summary>
    /// <exception cref="ArgumentException">Not exactly one is set, or it is not valid.</exception>
    internal DeviceLocator ToLocator() =>
        Host is not null ? DeviceLocator.Create(DeviceLocatorKind.Host, Host)
        : Mdns is not null ? DeviceLocator.Create(DeviceLocatorKind.Mdns, Mdns)
        : Mac is not null ? DeviceLocator.Create(DeviceLocatorKind.Mac, Mac)
        : Dante is not null ? DeviceLocator.Create(DeviceLocatorKind.Dante, Dante)
        : throw new ArgumentException("A locator needs one of Host, Mdns, Mac or Dante.");

    /// <inheritdoc />
    public override string ToString() =>
        Host is not null ? "host " + Host : Mdns is not null ? "mdns " + Mdns : Mac is not null ? "mac " + Mac : "dante " + Dante;
}
