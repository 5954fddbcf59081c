using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Internal;
using ShureDrivers.Networking;

namespace ShureDrivers.Discovery;

/// <summary>
/// Finds Shure devices with mDNS/DNS-SD: <c>ANI4OUT-aabbcc.local</c> hosts advertising <c>_http._tcp</c>,
/// <c>_shure._tcp</c> or the Dante <c>_netaudio-arc._udp</c>. Queries are legacy unicast (sent from an ephemeral
/// port, answered by unicast), so they work next to Bonjour or Avahi holding port 5353.
/// </summary>
/// <remarks>
/// Every packet is collected until the scan time ends and every section is read alike (answers arrive split and
/// mixed with unrelated records); responses are accepted without the AA bit but only from on-link sources
/// (RFC 6762 §11); malformed packets are dropped and counted. Multicast leaves only through the chosen interfaces.
/// </remarks>
public static partial class ShureDeviceDiscovery
{
    /// <summary>Model prefixes of Shure networked devices, for filtering other hosts out.</summary>
    public static IReadOnlyList<string> ShureModelPrefixes { get; } =
        ["ANI4OUT", "ANI4IN", "ANI22", "ANIUSB", "MXA", "P300", "MXN5", "IMX", "SCM", "ULXD", "SLXD", "AD4", "QLXD", "MXW", "MXCW"];

    /// <summary>Shure MAC prefixes (IEEE MA-L, MA-M and IAB assignments).</summary>
    public static IReadOnlyList<string> ShureMacPrefixes { get; } = ["00:0E:DD", "D8:34:EE", "9C:43:1E:E", "00:50:C2:F4:8"];

    /// <summary>The mDNS IPv4 group, 224.0.0.251 (a new instance each time: <see cref="IPAddress"/> is mutable).</summary>
    public static IPAddress MdnsGroupIPv4 => new(MdnsQuerier.Group.GetAddressBytes());

    /// <summary>The mDNS IPv6 link-local group, ff02::fb (a new instance each time: <see cref="IPAddress"/> is mutable).</summary>
    public static IPAddress MdnsGroupIPv6 => new(MdnsQuerier.GroupV6.GetAddressBytes());

    /// <summary>The interfaces a search with <paramref name="options"/> would use, as (name, address): IPv4, and IPv6 link-local where available.</summary>
    /// <exception cref="ArgumentException">A named interface does not exist or has no usable address.</exception>
    public static IReadOnlyList<(string Name, IPAddress Address)> GetInterfaces(DiscoveryOptions? options = null)
    {
        return new MdnsQuerier(options ?? new DiscoveryOptions()).SelectInterfaces().Select(i => (i.Name, i.Address)).ToList();
    }

    /// <summary>Searches for Shure devices for <see cref="DiscoveryOptions.ScanTime"/>.</summary>
    /// <exception cref="ArgumentException">A named interface does not exist or has no usable address.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<IReadOnlyList<DiscoveredDevice>> DiscoverAsync(DiscoveryOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DiscoveryOptions();
        var querier = new MdnsQuerier(options);
        var interfaces = querier.SelectInterfaces();
        var services = options.ServiceTypes.Select(s => s.TrimEnd('.') + ".local").ToList();
        var results = await Task.WhenAll(interfaces.Select(async nic =>
        {
            var records = await querier.CollectAsync(nic, known => FollowUps(services, known), cancellationToken).ConfigureAwait(false);
            return ShureServiceRecords.Build(records, nic.Name, nic.Index);
        })).ConfigureAwait(false);

        // A device seen on several interfaces (or over IPv4 and IPv6) is listed once, as first seen, with every address.
        var devices = results.SelectMany(r => r).GroupBy(d => d.HostName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First().IsDanteOnly ? g.First() : g.First().WithAddresses(ShureServiceRecords.OrderAddresses(g.SelectMany(d => d.Addresses))))
            .ToList();
        return await ResolveDanteEntriesAsync(devices, querier, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves an mDNS host name (<c>ANI4OUT-aabbcc.local</c>) to its addresses (A, and AAAA where given); empty when nothing answers.</summary>
    /// <exception cref="ArgumentException">Not a <c>.local</c> name.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<IReadOnlyList<IPAddress>> ResolveAsync(string hostName, DiscoveryOptions? options = null, CancellationToken cancellationToken = default) =>
        (await ResolveWithPortAsync(hostName, options, cancellationToken).ConfigureAwait(false)).Addresses;

    /// <summary>
    /// Resolves an mDNS host name to its addresses and, where the device advertises <c>_shure._tcp</c> under its host
    /// label (<c>ANI4OUT-aabbcc._shure._tcp.local</c>, as the simulator does) in the same answer, the control port of
    /// that SRV record. One query; the first answer with the addresses ends it.
    /// </summary>
    internal static async Task<(IReadOnlyList<IPAddress> Addresses, int? AdvertisedPort)> ResolveWithPortAsync(string hostName, DiscoveryOptions? options, CancellationToken cancellationToken)
    {
        Guard.NotNull(hostName, nameof(hostName));
        var name = hostName.TrimEnd('.');
        if (!name.EndsWith(".local", StringComparison.OrdinalIgnoreCase) || name.Length > DnsName.MaxLength)
        {
            throw new ArgumentException($"'{AsciiChars.Printable(hostName)}' is not an mDNS (.local) name.", nameof(hostName));
        }

        var querier = new MdnsQuerier(options ?? new DiscoveryOptions());
        var instance = name.Remove(name.Length - ".local".Length) + "._shure._tcp.local";

        // Every interface at once; the first answer ends the others.
        using var answered = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var results = await Task.WhenAll(querier.SelectInterfaces().Select(async nic =>
        {
            try
            {
                var records = await querier.CollectAsync(nic, _ => [new DnsQuestion(name, DnsType.A), new DnsQuestion(name, DnsType.Aaaa), new DnsQuestion(instance, DnsType.Srv)], answered.Token, stopWhen: r => r.Any(x => ShureServiceRecords.IsAddressOf(x, name))).ConfigureAwait(false);
                var addresses = records.Where(r => ShureServiceRecords.IsAddressOf(r, name)).Select(r => ShureServiceRecords.Scoped(r.Address!, nic.Index)).ToList();
                var port = records.FirstOrDefault(r => r.Type == DnsType.Srv && DnsName.Equal(r.Name, instance) && r.Target is not null && DnsName.Equal(r.Target, name))?.Port;
                if (addresses.Count > 0)
                {
                    answered.Cancel();
                }

                return (Addresses: addresses, Port: port);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (Addresses: new List<IPAddress>(), Port: (int?)null);
            }
        })).ConfigureAwait(false);

        cancellationToken.ThrowIfCancellationRequested();
        return (ShureServiceRecords.OrderAddresses(results.SelectMany(r => r.Addresses)), results.Select(r => r.Port).FirstOrDefault(p => p is > 0));
    }

    // PTR for every service type, plus SRV and A for what earlier rounds named but did not resolve.
    private static List<DnsQuestion> FollowUps(List<string> services, List<DnsRecord> known)
    {
        var questions = services.Select(s => new DnsQuestion(s, DnsType.Ptr)).ToList();
        foreach (var instance in known.Where(r => r.Type == DnsType.Ptr && r.Target is not null).Select(r => r.Target!).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!known.Any(r => r.Type == DnsType.Srv && DnsName.Equal(r.Name, instance)))
            {
                questions.Add(new DnsQuestion(instance, DnsType.Srv));
            }
        }

        foreach (var host in known.Where(r => r.Type == DnsType.Srv && r.Target is not null).Select(r => r.Target!).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!known.Any(r => r.Type is DnsType.A or DnsType.Aaaa && DnsName.Equal(r.Name, host)))
            {
                questions.Add(new DnsQuestion(host, DnsType.A));
            }
        }

        return questions.Take(DnsMessageReader.MaxQuestions).ToList();
    }
}
