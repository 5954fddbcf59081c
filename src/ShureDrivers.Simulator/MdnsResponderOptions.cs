using System;
using System.Net;
using Microsoft.Extensions.Logging;
using ShureDrivers.Networking;

namespace ShureDrivers.Simulator;

/// <summary>How the simulated mDNS responder advertises devices.</summary>
public sealed class MdnsResponderOptions
{
    /// <summary>The interface to answer on, by its IPv4 address; loopback by default, so nothing leaves the machine.</summary>
    public IPAddress InterfaceAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Also answer over IPv6 (<c>ff02::fb</c>) when the interface has a link-local address (loopback has none).</summary>
    public bool IPv6 { get; set; } = true;

    /// <summary>The UDP seam: null for real UDP; a <see cref="SimulatedHost"/> to answer on an in-memory network.</summary>
    public DatagramTransport? Transport { get; set; }

    /// <summary>The UDP port; 5353 is mDNS. Tests may use another so they cannot meet a real responder.</summary>
    public int Port { get; set; } = 5353;

    /// <summary>
    /// Advertise <c>_http._tcp</c> (the web app) under the host <c>ANI4OUT-aabbcc.local</c>: the one service public
    /// evidence shows for the ANI4OUT (docs/hardware-questions.md H24).
    /// </summary>
    public bool AdvertiseHttpService { get; set; } = true;

    /// <summary>
    /// Advertise <c>_shure._tcp</c> (the control port, TXT with model, serial and MAC), a type public evidence shows
    /// only for other Shure models (MXW access points, SLX-D); whether an ANI4OUT does is unknown (H24). True or
    /// false forces it; null (the default) advertises it only for a device whose control port is not 2202, as in
    /// <c>UsePorts</c> fleets, because nothing else tells discovery that port.
    /// </summary>
    public bool? AdvertiseShureService { get; set; }

    /// <summary>
    /// Advertise the Dante interface's <c>_netaudio-arc._udp</c> (as every Dante device does), under the Dante
    /// device name (<see cref="SimulatorOptions.DanteDeviceName"/>, else the host name with <c>-d</c>) with the
    /// Dante address: the entry discovery resolves to the control address through the packet bridge.
    /// </summary>
    public bool AdvertiseDanteService { get; set; }

    /// <summary>The web app's port in the <c>_http._tcp</c> SRV record.</summary>
    public int HttpPort { get; set; } = 80;

    /// <summary>Probe names before using them (RFC 6762 §8.1), so a simulator never takes a name from a real device. Turn off only in isolated tests.</summary>
    public bool Probe { get; set; } = true;

    /// <summary>Announce records when ready and send goodbyes (TTL 0) on stop (RFC 6762 §8.3, §10.1).</summary>
    public bool Announce { get; set; } = true;

    /// <summary>
    /// How often the responder checks that its interface address is still there, besides the transport's change
    /// notifications. When the address comes back after going (a link flap), or the interface is given another one
    /// (a new lease: devices listening on every address are then advertised there), the responder joins the group
    /// again and probes and announces its names anew (RFC 6762 §8.3). 5 s by default.
    /// </summary>
    public TimeSpan InterfaceRescanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Delay a multicast answer that holds a shared record (a PTR) by 20-120 ms at random, as RFC 6762 §6 asks, so
    /// many responders on one link do not answer a browse in one burst. On by default; unique records, probes,
    /// unicast and legacy answers are never delayed.
    /// </summary>
    public bool DelaySharedAnswers { get; set; } = true;

    /// <summary>Clock for probe and announcement spacing.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Seed for the random delay before the first probe.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Logging; category <c>ShureDrivers.Simulator</c>.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
