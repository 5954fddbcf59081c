using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace ShureDrivers.Discovery;

/// <summary>A Shure device found on the network.</summary>
public sealed class DiscoveredDevice
{
    /// <summary>Creates a record.</summary>
    public DiscoveredDevice(
        string name,
        string model,
        string hostName,
        string? macSuffix,
        string? macAddress,
        IReadOnlyList<IPAddress> addresses,
        int port,
        IReadOnlyList<string> services,
        IReadOnlyDictionary<string, string> txt,
        string interfaceName,
        IReadOnlyList<IPAddress>? danteAddresses = null,
        bool isDanteOnly = false)
    {
        Name = name;
        Model = model;
        HostName = hostName;
        MacSuffix = macSuffix;
        MacAddress = macAddress;
        Addresses = addresses;
        Port = port;
        Services = services;
        Txt = txt;
        InterfaceName = interfaceName;
        DanteAddresses = danteAddresses ?? [];
        IsDanteOnly = isDanteOnly;
    }

    /// <summary>The DNS-SD instance name, or the host name when only the host answered.</summary>
    public string Name { get; }

    /// <summary>The model (<c>ANI4OUT</c>, or <c>ANI4OUT-XLR</c> when TXT says so; <c>UNKNOWN</c> when only a Shure MAC identified it).</summary>
    public string Model { get; }

    /// <summary>The mDNS host name, <c>ANI4OUT-aabbcc.local</c>.</summary>
    public string HostName { get; }

    /// <summary>The last three bytes of the control MAC from the host name (<c>aabbcc</c>), when it has them.</summary>
    public string? MacSuffix { get; }

    /// <summary>The full control MAC, when a TXT record gives it.</summary>
    public string? MacAddress { get; }

    /// <summary>
    /// The control interface's addresses (IPv4 first): where command strings go. For a device found only through
    /// its Dante interface (<see cref="IsDanteOnly"/>), the control address its packet bridge named; empty when the
    /// bridge did not answer (never the Dante address, which does not serve command strings).
    /// </summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    /// <summary>The Dante interface's addresses, when its <c>_netaudio-arc._udp</c> advertisement was seen.</summary>
    public IReadOnlyList<IPAddress> DanteAddresses { get; }

    /// <summary>
    /// Found only through the Dante service <c>_netaudio-arc._udp</c>: <see cref="HostName"/> and
    /// <see cref="Name"/> are the Dante interface's, and <see cref="Addresses"/> came from the packet bridge.
    /// </summary>
    public bool IsDanteOnly { get; }

    /// <summary>The command-string port: from the <c>_shure._tcp</c> SRV record, else 2202.</summary>
    public int Port { get; }

    /// <summary>The service types the device answered for.</summary>
    public IReadOnlyList<string> Services { get; }

    /// <summary>TXT key/values.</summary>
    public IReadOnlyDictionary<string, string> Txt { get; }

    /// <summary>The interface it was found on.</summary>
    public string InterfaceName { get; }

    /// <summary>This record with the model a device reported over TCP.</summary>
    public DiscoveredDevice WithModel(string model) =>
        new(Name, model, HostName, MacSuffix, MacAddress, Addresses, Port, Services, Txt, InterfaceName, DanteAddresses, IsDanteOnly);

    internal DiscoveredDevice WithAddresses(IReadOnlyList<IPAddress> addresses) =>
        new(Name, Model, HostName, MacSuffix, MacAddress, addresses, Port, Services, Txt, InterfaceName, DanteAddresses, IsDanteOnly);

    internal DiscoveredDevice WithControl(IReadOnlyList<IPAddress> addresses, string? macAddress) =>
        new(Name, Model, HostName, MacSuffix, MacAddress ?? macAddress, addresses, Port, Services, Txt, InterfaceName, DanteAddresses, IsDanteOnly);

    // The control entry of the same device, told where its Dante interface is.
    internal DiscoveredDevice WithDante(DiscoveredDevice dante) =>
        new(Name, Model, HostName, MacSuffix, MacAddress ?? dante.MacAddress, Addresses, Port, Services.Concat(dante.Services).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), Txt, InterfaceName, dante.DanteAddresses, isDanteOnly: false);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} ({Model}) {HostName} {string.Join(", ", Addresses)}:{Port}" + (DanteAddresses.Count > 0 ? " dante " + string.Join(", ", DanteAddresses) : string.Empty);
}
