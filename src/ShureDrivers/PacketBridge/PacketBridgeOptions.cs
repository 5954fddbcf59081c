using System;
using Microsoft.Extensions.Logging;
using ShureDrivers.Networking;

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

    /// <summary>The UDP seam: real UDP by default; a simulated network's host in tests.</summary>
    public DatagramTransport Transport { get; set; } = UdpDatagramTransport.Instance;

    /// <summary>Clock for the waits.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logging; category <c>ShureDrivers.PacketBridge</c>.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate()
    {
        if (Port is < 1 or > 65535 || Attempts is < 1 or > 20 || ResendInterval <= TimeSpan.Zero || TimeProvider is null || Transport is null)
        {
            throw new ArgumentException("Port must be 1..65535, Attempts 1..20, ResendInterval positive, TimeProvider and Transport set.");
        }
    }

    internal PacketBridgeOptions Clone() => (PacketBridgeOptions)MemberwiseClone();
}
