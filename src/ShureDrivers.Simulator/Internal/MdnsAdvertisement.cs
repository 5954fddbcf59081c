using System.Collections.Generic;
using System.Globalization;
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

    private readonly SimulatedDevice _device;
    private readonly MdnsResponderOptions _options;
    private readonly string _baseName;
    private int _suffix = 1;
    private List<DnsRecord>? _records;

    public MdnsAdvertisement(SimulatedDevice device, MdnsResponderOptions options)
    {
        _device = device;
        _options = options;
        _baseName = device.HostName;
    }

    public string Host => _suffix == 1 ? _baseName : _baseName + "-" + _suffix.ToString(CultureInfo.InvariantCulture);

    public string Instance => _suffix == 1 ? _baseName : _baseName + " (" + _suffix.ToString(CultureInfo.InvariantCulture) + ")";

    public bool Established { get; set; }

    public bool Conflict { get; set; }

    public void Rename()
    {
        _suffix++;
        _records = null;
    }

    public bool Owns(string instanceName) => DnsName.Equal(DnsName.FirstLabel(instanceName), Instance);

    public List<DnsRecord> Records()
    {
        if (_records is not null)
        {
            return _records;
        }

        var host = Host + Local;
        var sim = _device.Simulator;
        var records = new List<DnsRecord>
        {
            new() { Name = host, Type = _device.ControlEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? DnsType.Aaaa : DnsType.A, CacheFlush = true, Ttl = HostTtl, Address = _device.ControlEndPoint.Address },
        };
        void Service(string type, int port, IReadOnlyList<string> txt)
        {
            var serviceName = type + Local;
            var instanceName = DnsName.EscapeLabel(Instance) + "." + serviceName;
            records.Add(new DnsRecord { Name = serviceName, Type = DnsType.Ptr, Ttl = OtherTtl, Target = instanceName });
            records.Add(new DnsRecord { Name = instanceName, Type = DnsType.Srv, CacheFlush = true, Ttl = HostTtl, Port = (ushort)port, Target = host });
            records.Add(new DnsRecord { Name = instanceName, Type = DnsType.Txt, CacheFlush = true, Ttl = OtherTtl, Text = txt });
            records.Add(new DnsRecord { Name = ServicesName, Type = DnsType.Ptr, Ttl = OtherTtl, Target = serviceName });
        }

        Service("_http._tcp", _options.HttpPort, ["model=" + sim.ModelName]);
        if (_options.AdvertiseShureService)
        {
            Service("_shure._tcp", _device.ControlEndPoint.Port, ["model=" + sim.ModelName, "serial=" + sim.Options.SerialNumber, "mac=" + sim.MacAddress]);
        }

        _records = records;
        return records;
    }
}
