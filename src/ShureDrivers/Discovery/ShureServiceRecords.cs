using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ShureDrivers.Discovery.Dns;

namespace ShureDrivers.Discovery;

/// <summary>
/// Reads Shure devices out of DNS-SD records: hosts named by SRV records whose name, TXT model or TXT MAC says Shure,
/// with their addresses, services and TXT keys. A pure function of the records, shared by the one-shot searches, the
/// host-name resolver and the browser.
/// </summary>
internal static class ShureServiceRecords
{
    /// <summary>The service every Dante interface advertises (Audinate's ARC).</summary>
    public const string DanteService = "_netaudio-arc._udp";

    private static readonly Regex HostPattern = new(@"^(?<model>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z]+)?)-(?<mac>[0-9A-Fa-f]{6})(?:-\d+)?$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>The Shure devices <paramref name="records"/> describe (records with TTL 0 are goodbyes and count as gone).</summary>
    public static List<DiscoveredDevice> Build(IReadOnlyCollection<DnsRecord> records, string interfaceName, int interfaceIndex = 0)
    {
        var live = records.Where(r => r.Ttl > 0).ToList();
        var devices = new List<DiscoveredDevice>();
        var hosts = live.Where(r => r.Type == DnsType.Srv && r.Target is not null).GroupBy(r => r.Target!, StringComparer.OrdinalIgnoreCase);
        foreach (var host in hosts)
        {
            var hostName = host.Key;
            var instances = host.Select(r => r.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var txt = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var t in live.Where(r => r.Type == DnsType.Txt && instances.Any(i => DnsName.Equal(i, r.Name))).SelectMany(r => r.Text))
            {
                var eq = t.AsSpan().IndexOf('=');
                if (eq > 0)
                {
                    txt[t.Substring(0, eq)] = t.Substring(eq + 1);
                }
            }

            var label = DnsName.FirstLabel(hostName);
            var match = HostPattern.Match(label);
            txt.TryGetValue("model", out var txtModel);
            txt.TryGetValue("mac", out var txtMac);
            var model = txtModel ?? (match.Success ? match.Groups["model"].Value.ToUpperInvariant() : null);
            var isShure = IsShureModel(model) || (txtMac is not null && ShureDeviceDiscovery.ShureMacPrefixes.Any(p => txtMac.StartsWith(p, StringComparison.OrdinalIgnoreCase)));
            if (!isShure)
            {
                continue;
            }

            // A Shure MAC with no model in the name or TXT: a Shure device of unknown model.
            model ??= "UNKNOWN";

            var serviceTypes = instances.Select(ServiceOf).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var shureSrv = host.FirstOrDefault(r => ServiceOf(r.Name).Equals("_shure._tcp", StringComparison.OrdinalIgnoreCase));
            var addresses = OrderAddresses(live.Where(r => IsAddressOf(r, hostName)).Select(r => Scoped(r.Address!, interfaceIndex)));
            var instanceName = instances.Select(DnsName.FirstLabel).OrderBy(n => n.Length).First();

            // A host that only the Dante service names is the Dante interface: its addresses do not serve
            // command strings (Shure: use the control address); the packet bridge turns them into it.
            var danteOnly = serviceTypes.Count > 0 && serviceTypes.All(s => s.Equals(DanteService, StringComparison.OrdinalIgnoreCase));
            devices.Add(new DiscoveredDevice(
                instanceName,
                model,
                hostName,
                match.Success ? match.Groups["mac"].Value.ToLowerInvariant() : null,
                txtMac?.ToUpperInvariant(),
                danteOnly ? [] : addresses,
                shureSrv?.Port ?? 2202,
                serviceTypes,
                txt,
                interfaceName,
                danteOnly ? addresses : null,
                danteOnly));
        }

        return devices;
    }

    /// <summary>Whether <paramref name="record"/> is an A or AAAA record of <paramref name="name"/>.</summary>
    public static bool IsAddressOf(DnsRecord record, string name) =>
        record.Type is DnsType.A or DnsType.Aaaa && record.Address is not null && DnsName.Equal(record.Name, name);

    /// <summary>IPv4 first; each address once.</summary>
    public static List<IPAddress> OrderAddresses(IEnumerable<IPAddress> addresses) =>
        addresses.Distinct().OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).ToList();

    /// <summary>An IPv6 link-local address is only usable with the interface it was learned on: this gives it that scope.</summary>
    public static IPAddress Scoped(IPAddress address, int interfaceIndex) =>
        address.IsIPv6LinkLocal && address.ScopeId == 0 && interfaceIndex > 0 ? new IPAddress(address.GetAddressBytes(), interfaceIndex) : address;

    private static bool IsShureModel(string? model) =>
        model is not null && ShureDeviceDiscovery.ShureModelPrefixes.Any(p => model.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    // "X._http._tcp.local" -> "_http._tcp"
    private static string ServiceOf(string instance)
    {
        var labels = DnsName.Labels(instance);
        return labels.Count >= 4 ? labels[labels.Count - 3] + "." + labels[labels.Count - 2] : string.Empty;
    }
}
