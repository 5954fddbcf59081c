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

    /// <summary>The service every Dante interface advertises (Audinate's ARC).</summary>
    internal const string DanteService = "_netaudio-arc._udp";

    private static readonly Regex HostPattern = new(@"^(?<model>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z]+)?)-(?<mac>[0-9A-Fa-f]{6})(?:-\d+)?$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>The mDNS IPv4 group.</summary>
    internal static readonly IPAddress MdnsGroup = new([224, 0, 0, 251]);

    /// <summary>The mDNS IPv6 link-local group.</summary>
    internal static readonly IPAddress MdnsGroupV6 = IPAddress.Parse("ff02::fb");

    /// <summary>The mDNS IPv4 group, 224.0.0.251 (a new instance each time: <see cref="IPAddress"/> is mutable).</summary>
    public static IPAddress MdnsGroupIPv4 => new(MdnsGroup.GetAddressBytes());

    /// <summary>The mDNS IPv6 link-local group, ff02::fb (a new instance each time: <see cref="IPAddress"/> is mutable).</summary>
    public static IPAddress MdnsGroupIPv6 => new(MdnsGroupV6.GetAddressBytes());

    /// <summary>The interfaces a search with <paramref name="options"/> would use, as (name, address): IPv4, and IPv6 link-local where available.</summary>
    /// <exception cref="ArgumentException">A named interface does not exist or has no usable address.</exception>
    public static IReadOnlyList<(string Name, IPAddress Address)> GetInterfaces(DiscoveryOptions? options = null)
    {
        options ??= new DiscoveryOptions();
        return SelectInterfaces(options).Select(i => (i.Name, i.Address)).ToList();
    }

    /// <summary>Searches for Shure devices for <see cref="DiscoveryOptions.ScanTime"/>.</summary>
    /// <exception cref="ArgumentException">A named interface does not exist or has no usable address.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<IReadOnlyList<DiscoveredDevice>> DiscoverAsync(DiscoveryOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DiscoveryOptions();
        var logger = Logger(options);
        var interfaces = SelectInterfaces(options);
        var services = options.ServiceTypes.Select(s => s.TrimEnd('.') + ".local").ToList();
        var results = await Task.WhenAll(interfaces.Select(async nic =>
        {
            var records = await CollectAsync(nic, options, known => FollowUps(services, known), logger, cancellationToken).ConfigureAwait(false);
            return Build(records, nic.Name, nic.Index);
        })).ConfigureAwait(false);

        // A device seen on several interfaces (or over IPv4 and IPv6) is listed once, as first seen, with every address.
        var devices = results.SelectMany(r => r).GroupBy(d => d.HostName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First().IsDanteOnly ? g.First() : g.First().WithAddresses(OrderAddresses(g.SelectMany(d => d.Addresses))))
            .ToList();
        return await ResolveDanteEntriesAsync(devices, options, logger, cancellationToken).ConfigureAwait(false);
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

        options ??= new DiscoveryOptions();
        var logger = Logger(options);
        var instance = name.Remove(name.Length - ".local".Length) + "._shure._tcp.local";

        // Every interface at once; the first answer ends the others.
        using var answered = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var results = await Task.WhenAll(SelectInterfaces(options).Select(async nic =>
        {
            try
            {
                var records = await CollectAsync(nic, options, _ => [new DnsQuestion(name, DnsType.A), new DnsQuestion(name, DnsType.Aaaa), new DnsQuestion(instance, DnsType.Srv)], logger, answered.Token, stopWhen: r => r.Any(x => IsAddressOf(x, name))).ConfigureAwait(false);
                var addresses = records.Where(r => IsAddressOf(r, name)).Select(r => Scoped(r.Address!, nic.Index)).ToList();
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
        return (OrderAddresses(results.SelectMany(r => r.Addresses)), results.Select(r => r.Port).FirstOrDefault(p => p is > 0));
    }

    private static bool IsAddressOf(DnsRecord record, string name) =>
        record.Type is DnsType.A or DnsType.Aaaa && record.Address is not null && DnsName.Equal(record.Name, name);

    // IPv4 first; each address once.
    private static List<IPAddress> OrderAddresses(IEnumerable<IPAddress> addresses) =>
        addresses.Distinct().OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).ToList();

    // An IPv6 link-local address is only usable with the interface it was learned on.
    private static IPAddress Scoped(IPAddress address, int interfaceIndex) =>
        address.IsIPv6LinkLocal && address.ScopeId == 0 && interfaceIndex > 0 ? new IPAddress(address.GetAddressBytes(), interfaceIndex) : address;

    private static ILogger Logger(DiscoveryOptions options) =>
        (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.DiscoveryCategory);

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

    /// <summary>
    /// The most records one scan of one interface keeps (and the browser's cache holds): far above any real network,
    /// so a flood of answers cannot grow memory without bound. Beyond it, new records are dropped.
    /// </summary>
    internal const int MaxRecords = 20_000;

    internal static async Task<List<DnsRecord>> CollectAsync(
        NetworkInterfaceAddress nic,
        DiscoveryOptions options,
        Func<List<DnsRecord>, List<DnsQuestion>> questions,
        ILogger logger,
        CancellationToken cancellationToken,
        Func<List<DnsRecord>, bool>? stopWhen = null)
    {
        var records = new List<DnsRecord>();
        var time = options.TimeProvider;
        var queries = Math.Max(1, options.Queries);
        var spacing = TimeSpan.FromTicks(options.ScanTime.Ticks / queries);
        var target = QueryTargetFor(nic, options)!;

        // An ephemeral port: answers come back by unicast (legacy unicast), next to whatever holds 5353.
        // Multicast leaves by this interface only, with the TTL mDNS uses.
        using var socket = options.Transport.Bind(
            new IPEndPoint(BindableAddress(nic), 0),
            new DatagramSocketOptions { MulticastInterface = nic, ReceiveBufferSize = DnsMessageReader.MaxPacketLength + 1 });
        using var scan = time.CreateTimeoutSource(options.ScanTime);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(scan.Token, cancellationToken);
        var nextQuery = 0;
        var id = (ushort)Environment.TickCount;
        while (!stop.IsCancellationRequested)
        {
            if (nextQuery < queries)
            {
                try
                {
                    // Follow-up questions for many devices may need several packets.
                    foreach (var packet in DnsQueryPackets.Build(questions(records), [], id, 1400))
                    {
                        await socket.SendAsync(packet, target, stop.Token).ConfigureAwait(false);
                    }
                }
                catch (SocketException ex)
                {
                    Log.DiscoverySendFailed(logger, nic.Name, ex);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                nextQuery++;
            }

            using var untilNext = time.CreateTimeoutSource(nextQuery < queries ? spacing : Timeout.InfiniteTimeSpan);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, untilNext.Token);
            while (await NextResponseAsync(socket, nic.IsOnLink, logger, nic.Name, wait.Token).ConfigureAwait(false) is var (message, _))
            {
                records.AddRange(message.AllRecords.Take(MaxRecords - records.Count));
                if (stopWhen?.Invoke(records) == true)
                {
                    return records;
                }
            }

            if (!wait.IsCancellationRequested)
            {
                break; // the interface stopped receiving: what it gave so far still counts
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return records;
    }

    /// <summary>
    /// The next mDNS response from an on-link source on <paramref name="socket"/>; queries (our own among them) are
    /// skipped and malformed packets logged and dropped. Null when <paramref name="until"/> is cancelled, or when the
    /// socket stops receiving (logged; <paramref name="until"/> is then not cancelled).
    /// </summary>
    internal static async Task<(DnsMessage Message, IPAddress Source)?> NextResponseAsync(DatagramSocket socket, Func<IPAddress, bool> isOnLink, ILogger logger, string where, CancellationToken until)
    {
        while (true)
        {
            ReceivedDatagram? datagram;
            try
            {
                datagram = await socket.TryReceiveAsync(until).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                Log.DiscoveryReceiveFailed(logger, where, ex);
                return null;
            }

            if (datagram is null)
            {
                return null;
            }

            if (!isOnLink(datagram.RemoteEndPoint.Address))
            {
                continue;
            }

            if (!DnsMessageReader.TryRead(datagram.Data.Span, out var message, out var error))
            {
                Log.DiscoveryMalformedPacket(logger, datagram.RemoteEndPoint, error);
                continue;
            }

            if (message.IsResponse)
            {
                return (message, datagram.RemoteEndPoint.Address);
            }
        }
    }

    // A link-local address binds only with its scope.
    internal static IPAddress BindableAddress(NetworkInterfaceAddress nic) =>
        nic.IsIPv6LinkLocal && nic.Address.ScopeId == 0 ? new IPAddress(nic.Address.GetAddressBytes(), nic.Index) : nic.Address;

    /// <summary>Where queries on <paramref name="nic"/> go: the target of its family, the mDNS group of the other family for the mDNS group, or null (not searched).</summary>
    internal static IPEndPoint? QueryTargetFor(NetworkInterfaceAddress nic, DiscoveryOptions options)
    {
        var target = options.QueryTarget;
        if (target.AddressFamily == nic.Address.AddressFamily)
        {
            return target;
        }

        if (target.Address.Equals(MdnsGroup))
        {
            return new IPEndPoint(MdnsGroupV6, target.Port);
        }

        return target.Address.Equals(MdnsGroupV6) ? new IPEndPoint(MdnsGroup, target.Port) : null;
    }

    internal static List<DiscoveredDevice> Build(List<DnsRecord> records, string interfaceName, int interfaceIndex = 0)
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
            var isShure = IsShureModel(model) || (txtMac is not null && ShureMacPrefixes.Any(p => txtMac.StartsWith(p, StringComparison.OrdinalIgnoreCase)));
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

    private static bool IsShureModel(string? model) =>
        model is not null && ShureModelPrefixes.Any(p => model.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    // "X._http._tcp.local" -> "_http._tcp"
    private static string ServiceOf(string instance)
    {
        var labels = DnsName.Labels(instance);
        return labels.Count >= 4 ? labels[labels.Count - 3] + "." + labels[labels.Count - 2] : string.Empty;
    }

    /// <summary>The interfaces a search uses; <paramref name="lenient"/> skips named interfaces that have no usable address (yet) instead of throwing.</summary>
    internal static List<NetworkInterfaceAddress> SelectInterfaces(DiscoveryOptions options, bool lenient = false)
    {
        var all = options.Transport.GetInterfaces()
            .Where(i => i.IsIPv4 || (options.IPv6 && i.IsIPv6LinkLocal))
            .ToList();

        // A unicast target on loopback reaches a local responder: search loopback only.
        if (IPAddress.IsLoopback(options.QueryTarget.Address))
        {
            return all.Where(i => i.IsLoopback && i.Address.AddressFamily == options.QueryTarget.AddressFamily).Take(1).ToList();
        }

        List<NetworkInterfaceAddress> chosen;
        if (options.Interfaces.Count > 0)
        {
            chosen = [];
            foreach (var wanted in options.Interfaces)
            {
                var found = all.Where(i => string.Equals(i.Name, wanted, StringComparison.Ordinal) || IsAddress(i, wanted)).ToList();
                if (found.Count == 0 && !lenient)
                {
                    throw new ArgumentException($"No up interface with an IPv4 or IPv6 link-local address is named or numbered '{AsciiChars.Printable(wanted)}'.", nameof(options));
                }

                chosen.AddRange(found.Where(f => !chosen.Contains(f)));
            }
        }
        else
        {
            chosen = options.LoopbackOnly
                ? all.Where(i => i.IsLoopback && i.IsIPv4).Take(1).ToList()
                : all.Where(i => !i.IsLoopback && i.SupportsMulticast).ToList();
        }

        return chosen.Where(i => QueryTargetFor(i, options) is not null).ToList();
    }

    private static bool IsAddress(NetworkInterfaceAddress nic, string text) =>
        IPAddress.TryParse(text, out var address) && address.GetAddressBytes().AsSpan().SequenceEqual(nic.Address.GetAddressBytes())
        && (address.AddressFamily != AddressFamily.InterNetworkV6 || address.ScopeId == 0 || address.ScopeId == nic.Index); // ScopeId throws on IPv4
}
