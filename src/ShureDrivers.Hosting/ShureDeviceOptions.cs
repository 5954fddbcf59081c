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
    /// The model: <c>ANI4OUT</c> (the default), <c>ANI4IN</c>, or <c>AUTO</c>. For a named model the registry opens that
    /// model's device object when the host starts (an <see cref="Ani4InDevice"/> for an ANI4IN) and registers it under
    /// the name; a device that answers as the other model stays down with <see cref="DeviceModelMismatchException"/>
    /// as its failure. <c>AUTO</c> opens whichever model answers: the entry has no object until the device has said
    /// what it is (asking for it throws <see cref="System.InvalidOperationException"/> that says so, and its health
    /// check reports it identifying), then it is the object for that model for the host's life. ANI4OUT stays the
    /// default so that a service configured before the ANI4IN existed has its object from the start.
    /// </summary>
    public string? Model { get; set; }

    /// <summary>True for <c>AUTO</c> (any case).</summary>
    internal static bool IsAuto(string? model) => string.Equals(model, "AUTO", System.StringComparison.OrdinalIgnoreCase);
}
