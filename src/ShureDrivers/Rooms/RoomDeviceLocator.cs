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

    /// <summary>The Dante IPv4 address, turned into the control address by the packet bridge.</summary>
    public string? Dante { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        Host is not null ? "host " + Host : Mdns is not null ? "mdns " + Mdns : Mac is not null ? "mac " + Mac : "dante " + Dante;
}
