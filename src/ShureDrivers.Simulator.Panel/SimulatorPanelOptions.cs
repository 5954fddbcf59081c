using System;
using System.Collections.Generic;
using System.Net;
using Microsoft.Extensions.Logging;

namespace ShureDrivers.Simulator.Panel;

/// <summary>Where the panel listens and how often it updates the page.</summary>
public sealed class SimulatorPanelOptions
{
    /// <summary>The address to listen on; 127.0.0.1 unless changed. Any other address needs <see cref="AllowNonLoopback"/>.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>The port; 0 (the default) takes a free one, read it from <see cref="SimulatorPanel.Url"/>.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Must be set to listen on an address other than loopback: the panel has no sign-in, and anyone who reaches it
    /// can change and fault the simulated devices. A warning is logged when it is used.
    /// </summary>
    public bool AllowNonLoopback { get; set; }

    /// <summary>
    /// Host names the page may be reached by besides <c>127.0.0.1</c>, <c>localhost</c>, <c>[::1]</c> and the
    /// listening address (every other Host header is refused, against DNS rebinding).
    /// </summary>
    public IList<string> AllowedHosts { get; } = new List<string>();

    /// <summary>How often the page is updated: at least 100 ms (at most 10 updates a second per device), 100 ms by default.</summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many frames in and out each device's wire log keeps (1..1000, 50 by default).</summary>
    public int WireLogLength { get; set; } = 50;

    /// <summary>Where the panel logs (its address, refused requests); nothing when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock of the page updates and of timed faults ("silent for N seconds").</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
