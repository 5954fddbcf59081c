using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ShureDrivers.Discovery.Dns;

namespace ShureDrivers.Simulator.Internal;

/// <summary>One device's names and records, renamed on conflict.</summary>
internal sealed class MdnsAdvertisement
{
    public const string Local = ".local";
    private const string ServicesName = "_services._dns-sd._udp.local";
    private const uint HostTtl = 120;
    private const uint OtherTtl = 4500;
    private const int DefaultControlPort = 2202;
    private const int DanteArcPort = 4440;

    private readonly SimulatedDevice _device;
    private readonly MdnsResponderOptions _options;
    private IPAddress _linkAddress;
    private readonly string _baseName;
    private int _suffix = 1;
    private List<DnsRecord>? _records;

    public MdnsAdvertisement(SimulatedDevice device, MdnsResponderOptions options, IPAddress linkAddress)
    {
        _device = device;
        _options = options;
        _linkAddress = linkAddress;
        _baseName = device.HostName;
    }

    public string Host => _suffix == 1 ? _baseName : _baseName + "-" + _suffix.ToString(CultureInfo.InvariantCulture);

    public string Instance => _suffix == 1 ? _baseName : _baseName + " (" + _suffix.ToString(CultureInfo.InvariantCulture) + ")";

    /// <summary>The Dante interface's host name: the Dante device name, else the control host's with <c>-d</c>.</summary>
    public string DanteHost => (_device.Simulator.Options.DanteDeviceName ?? _baseName + "-d") + (_suffix == 1 ? string.Empty : "-" + _suffix.ToString(CultureInfo.InvariantCulture));

    public bool Established { get; set; }

    /// <summary>The link's address changed: a service listening on every address is now reached at <paramref name="address"/>.</summary>
    public void MoveTo(IPAddress address)
    {
        _linkAddress = address;
        _records = null;
    }

    public bool Conflict { get; set; }

    public void Rename()
    {
        _suffix++;
        _records = null;
    }

    /// <summary>The addresses this device's records name, before a wildcard becomes the link's.</summary>
    public IEnumerable<IPAddress> AdvertisedAddresses()
    {
        var control = _options.AdvertiseHttpService || (_options.AdvertiseShureService ?? _device.ControlEndPoint.Port != DefaultControlPort);
        return (control ? [_device.ControlEndPoint.Address] : Array.Empty<IPAddress>())
            .Concat(_options.AdvertiseDanteService ? [_device.DanteEndPoint.Address] : Array.Empty<IPAddress>());
    }

    public List<DnsRecord> Records()
    {
        if (_records is not null)
        {
            return _records;
        }

        var host = Host + Local;
        var sim = _device.Simulator;
        var records = new List<DnsRecord>();
        void Address(string name, IPAddress address)
        {
            // A service listening on every address is reached at the link's.
            address = address.Equals(IPAddress.Any) ? _linkAddress : address;
            records.Add(new DnsRecord { Name = name, Type = address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsType.Aaaa : DnsType.A, CacheFlush = true, Ttl = HostTtl, Address = address });
        }
        void Service(string type, string instance, string target, int port, IReadOnlyList<string> txt)
        {
            var serviceName = type + Local;
            var instanceName = DnsName.EscapeLabel(instance) + "." + serviceName;
            records.Add(new DnsRecord { Name = serviceName, Type = DnsType.Ptr, Ttl = OtherTtl, Target = instanceName });
            records.Add(new DnsRecord { Name = instanceName, Type = DnsType.Srv, CacheFlush = true, Ttl = HostTtl, Port = (ushort)port, Target = target });
            records.Add(new DnsRecord { Name = instanceName, Type = DnsType.Txt, CacheFlush = true, Ttl = OtherTtl, Text = txt });
            records.Add(new DnsRecord { Name = ServicesName, Type = DnsType.Ptr, Ttl = OtherTtl, Target = serviceName });
        }

        var control = _device.ControlEndPoint;
        var advertiseShure = _options.AdvertiseShureService ?? control.Port != DefaultControlPort;
        if (_options.AdvertiseHttpService || advertiseShure)
        {
            Address(host, control.Address);
        }

        if (_options.AdvertiseHttpService)
        {
            Service("_http._tcp", Instance, host, _options.HttpPort, ["model=" + sim.ModelName]);
        }

        if (advertiseShure)
        {
            Service("_shure._tcp", Instance, host, control.Port, ["model=" + sim.ModelName, "serial=" + sim.Options.SerialNumber, "mac=" + sim.MacAddress]);
        }

        if (_options.AdvertiseDanteService)
        {
            // The Dante interface is its own mDNS host; its ARC port is Audinate's, not the packet bridge's.
            var danteHost = DanteHost + Local;
            Address(danteHost, _device.DanteEndPoint.Address);
            Service("_netaudio-arc._udp", DanteHost, danteHost, DanteArcPort, ["mf=Shure", "model=" + sim.ModelName]);
        }

        _records = records;
        return records;
    }
}
