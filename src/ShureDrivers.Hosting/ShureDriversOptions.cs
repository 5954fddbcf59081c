using System;
using System.Collections.Generic;

namespace ShureDrivers.Hosting;

/// <summary>
/// The <c>Shure</c> configuration section: the devices to keep connected and how. Checked when the host starts
/// (<see cref="Microsoft.Extensions.Options.OptionsValidationException"/> names every problem).
/// </summary>
public sealed class ShureDriversOptions
{
    /// <summary>The devices, by the name they are resolved by (<c>IShureDeviceRegistry.GetDevice(name)</c>, keyed services) and tagged with.</summary>
    public Dictionary<string, ShureDeviceOptions> Devices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A device not connected and fresh for longer than this is reported unhealthy (degraded before). 1 minute by default.</summary>
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Seconds to wait for a connection and for each reply. 5 by default.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait before reconnecting; it doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reconnect attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Log every connection state change and every value a device reports (Information, category <c>ShureDrivers.Hosting</c>).</summary>
    public bool LogChanges { get; set; }

    /// <summary>Search loopback only for <c>Mdns</c> and <c>Mac</c> devices (simulated devices on this machine).</summary>
    public bool LoopbackOnly { get; set; }

    /// <summary>Interfaces searched for <c>Mdns</c> and <c>Mac</c> devices, by name or address; empty: every multicast interface but loopback.</summary>
    public List<string> Interfaces { get; set; } = [];

    /// <summary>
    /// Connects to devices instead of TCP, for tests and simulations (a <c>ShureDrivers.Simulator</c> connector);
    /// null: TCP, with <c>.local</c>, MAC and Dante locators resolved at every connect. Not read from configuration.
    /// </summary>
    public Func<string, DeviceConnector?>? ConnectorFor { get; set; }
}
