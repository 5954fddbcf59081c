using System.Collections.Generic;
using System;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using ShureDrivers.Networking;

namespace ShureDrivers.Simulator;

/// <summary>How to lay out a fleet of simulated devices in one process.</summary>
public sealed class FleetOptions
{
    /// <summary>Number of devices (1..60 000).</summary>
    public int DeviceCount { get; set; } = 1;

    /// <summary>The variant every device reports (XLR or BLOCK, whatever its family).</summary>
    public Ani4OutModel Model { get; set; } = Ani4OutModel.Xlr;

    /// <summary>
    /// The interfaces the devices play, in turn: device k (from 1) plays <c>Families[(k − 1) % Families.Count]</c>.
    /// Default: every device an ANI4OUT; <c>[Ani4Out, Ani4In]</c> gives a mixed fleet, an ANI4IN beside each ANI4OUT.
    /// </summary>
    public IReadOnlyList<SimulatedFamily> Families { get; set; } = [SimulatedFamily.Ani4Out];

    /// <summary>
    /// Ports mode: every device on <see cref="BindAddress"/> with its own free ports. Off by default on Linux, where
    /// each device gets its own loopback addresses and the real ports: device k (from 1) serves TCP on
    /// 127.10.x.y:2202 and the packet bridge on 127.20.x.y:2203, with x.y = (k−1)/254 . (k−1)%254+1.
    /// </summary>
    public bool UsePorts { get; set; } = !RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    /// <summary>The address every device binds in ports mode.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Command-string port in address mode.</summary>
    public int ControlPort { get; set; } = 2202;

    /// <summary>Packet-bridge port in address mode.</summary>
    public int DantePort { get; set; } = ShureDrivers.PacketBridge.PacketBridgeReply.DefaultPort;

    /// <summary>Answer the packet bridge for every device.</summary>
    public bool PacketBridge { get; set; } = true;

    /// <summary>The packet bridges' UDP seam: null for real UDP, a <see cref="SimulatedHost"/> for an in-memory network. (The mDNS responder has its own, <see cref="MdnsResponderOptions.Transport"/>.)</summary>
    public DatagramTransport? PacketBridgeTransport { get; set; }

    /// <summary>Advertise every device over mDNS with these options; null for no mDNS.</summary>
    public MdnsResponderOptions? Mdns { get; set; }

    /// <summary>Varies MACs, serial numbers and signals between fleets; the same seed gives the same fleet.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Clock for every device.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logging for every device.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Adjusts each device's options (index from 1) after the fleet has filled them in.</summary>
    public Action<int, SimulatorOptions>? Configure { get; set; }

    /// <summary>The firmware profile of every device (applied before <see cref="Configure"/>). Default <see cref="SimulatorProfile.Documented"/>.</summary>
    public SimulatorProfile Profile { get; set; } = SimulatorProfile.Documented;
}
