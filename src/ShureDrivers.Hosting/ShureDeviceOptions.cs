namespace ShureDrivers.Hosting;

/// <summary>
/// One device of <see cref="ShureDriversOptions.Devices"/>, found by exactly one of <see cref="Host"/>,
/// <see cref="Mdns"/>, <see cref="Mac"/> or <see cref="Dante"/>, as room files find devices (both through the core's
/// <see cref="DeviceLocator"/>: the same checks, messages and resolution).
/// </summary>
public sealed class ShureDeviceOptions
{
    /// <summary>An address, a DNS name or <c>host:port</c>.</summary>
    public string? Host { get; set; }

    /// <summary>An mDNS name, <c>ANI4OUT-aabbcc</c> or <c>ANI4OUT-aabbcc.local</c>; resolved at every connect.</summary>
    public string? Mdns { get; set; }

    /// <summary>The control MAC, <c>00:0E:DD:AA:BB:CC</c>; found by discovery at every connect, so a new DHCP lease is followed.</summary>
    public string? Mac { get; set; }

    /// <summary>
    /// The Dante interface: its IPv4 address, or its Dante device name (resolved as <c>NAME.local</c>); its packet
    /// bridge names the control address at every connect.
    /// </summary>
    public string? Dante { get; set; }

    /// <summary>The command-string port (default 2202).</summary>
    public int? Port { get; set; }

    /// <summary>
    /// The model: <c>ANI4OUT</c> (the default) or <c>ANI4IN</c>. The registry opens that model's device object (an
    /// <see cref="Ani4InDevice"/> for an ANI4IN) and registers it under the name; a device that answers as the other
    /// model stays down with <see cref="DeviceModelMismatchException"/> as its failure.
    /// </summary>
    public string? Model { get; set; }
}
