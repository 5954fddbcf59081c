namespace ShureDrivers;

/// <summary>How a <see cref="DeviceLocator"/> finds a device.</summary>
public enum DeviceLocatorKind
{
    /// <summary>An IP address, a host name (<c>.local</c> names through mDNS) or <c>host:port</c>.</summary>
    Host,

    /// <summary>An mDNS host or instance name, <c>ANI4OUT-aabbcc</c> or <c>ANI4OUT-aabbcc.local</c>.</summary>
    Mdns,

    /// <summary>The control interface's MAC address, <c>00:0E:DD:AA:BB:CC</c>, found by discovery.</summary>
    Mac,

    /// <summary>The Dante interface's IPv4 address or Dante device name; its packet bridge names the control address.</summary>
    Dante,
}
