using System;
using System.Collections.Generic;
using System.Net;
using Microsoft.Extensions.Logging;
using ShureDrivers.Networking;
using ShureDrivers.PacketBridge;

namespace ShureDrivers.Discovery;

/// <summary>How <see cref="ShureDeviceDiscovery"/> searches.</summary>
public sealed class DiscoveryOptions
{
    /// <summary>How long to collect answers. Answers arrive split over several packets: everything until then counts.</summary>
    public TimeSpan ScanTime { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How many times to send the query within the scan (evenly spread, the first at once).</summary>
    public int Queries { get; set; } = 3;

    /// <summary>
    /// Interfaces to search, by name (<c>eth0</c>: its IPv4 and IPv6 link-local addresses) or by one address. Empty: every interface that is up, multicast
    /// capable and not loopback; or loopback alone with <see cref="LoopbackOnly"/>.
    /// </summary>
    public IList<string> Interfaces { get; } = new List<string>();

    /// <summary>
    /// How often <see cref="ShureDeviceBrowser"/> re-reads the interfaces, besides the operating system's change
    /// notifications (which not every platform gives): an address that appears is joined and queried on at once, and
    /// what was learned only through an address that went is dropped. 5 s by default.
    /// </summary>
    public TimeSpan InterfaceRescanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Also search over IPv6 (the <c>ff02::fb</c> group) on every chosen interface that has a link-local address,
    /// when <see cref="QueryTarget"/> is the mDNS group. On by default; IPv4 is always searched.
    /// </summary>
    public bool IPv6 { get; set; } = true;

    /// <summary>Search loopback only (simulated devices on this machine); nothing is sent on any other interface.</summary>
    public bool LoopbackOnly { get; set; }

    /// <summary>
    /// Where queries go: the mDNS group by default (<c>ff02::fb</c> on the same port for IPv6 interfaces). A unicast
    /// address (127.0.0.1) reaches one responder directly, without multicast, over its own address family only.
    /// </summary>
    public IPEndPoint QueryTarget { get; set; } = new(MdnsQuerier.Group, 5353);

    /// <summary>The DNS-SD service types browsed.</summary>
    public IList<string> ServiceTypes { get; } = new List<string> { "_http._tcp", "_shure._tcp", "_netaudio-arc._udp" };

    /// <summary>
    /// Turn each device found only through its Dante interface into its control address with one packet-bridge
    /// query (UDP 2203 of the Dante address) at the end of <see cref="ShureDeviceDiscovery.DiscoverAsync"/>; an entry
    /// whose bridge does not answer is listed with no control address. On by default.
    /// </summary>
    public bool ResolveDanteAddresses { get; set; } = true;

    /// <summary>How those packet-bridge queries are made; null: this search's transport, clock and logging, two tries 0.5 s apart.</summary>
    public PacketBridgeOptions? PacketBridge { get; set; }

    /// <summary>The UDP seam: real UDP by default; a simulated network's host in tests.</summary>
    public DatagramTransport Transport { get; set; } = UdpDatagramTransport.Instance;

    /// <summary>Clock for the scan.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logging; category <c>ShureDrivers.Discovery</c>.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
