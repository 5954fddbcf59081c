using System;
using Microsoft.Extensions.Logging;

namespace ShureDrivers.PacketBridge;

/// <summary>How <see cref="PacketBridgeClient"/> asks.</summary>
public sealed class PacketBridgeOptions
{
    /// <summary>The packet bridge's UDP port.</summary>
    public int Port { get; set; } = PacketBridgeReply.DefaultPort;

    /// <summary>How long to wait for a reply before sending again (the user guide says to expect one within 1 s).</summary>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times to send (1..20); the query fails after this many intervals without a reply.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>Clock for the waits.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logging; category <c>ShureDrivers.PacketBridge</c>.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate()
    {
        if (Port is < 1 or > 65535 || Attempts is < 1 or > 20 || ResendInterval <= TimeSpan.Zero || TimeProvider is null)
        {
            throw new ArgumentException("Port must be 1..65535, Attempts 1..20, ResendInterval positive, TimeProvider set.");
        }
    }

    internal PacketBridgeOptions Clone() => (PacketBridgeOptions)MemberwiseClone();
}
