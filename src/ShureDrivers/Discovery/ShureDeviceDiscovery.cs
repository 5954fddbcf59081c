using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Internal;

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
public static class ShureDeviceDiscovery
{
    /// <summary>Model prefixes of Shure networked devices, for filtering other hosts out.</summary>
    public static IReadOnlyList<string> ShureModelPrefixes { get; } =
        ["ANI4OUT", "ANI4IN", "ANI22", "ANIUSB", "MXA", "P300", "MXN5", "IMX", "SCM", "ULXD", "SLXD", "AD4", "QLXD", "MXW", "MXCW"];

    /// <summary>Shure MAC prefixes (IEEE MA-L, MA-M and IAB assignments).</summary>
    public static IReadOnlyList<string> ShureMacPrefixes { get; } = ["00:0E:DD", "D8:34:EE", "9C:43:1E:E", "00:50:C2:F4:8"];

    private static readonly Regex HostPattern = new(@"^(?<model>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z]+)?)-(?<mac>[0-9A-Fa-f]{6})(?:-\d+)?$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>The interfaces a search with <paramref name="options"/> would use, as (name, IPv4 address).</summary>
    /// <exception cref="ArgumentException">A named interface does not exist or has no IPv4 address.</exception>
    public static IReadOnlyList<(string Name, IPAddress Address)> GetInterfaces(DiscoveryOptions? options = null)
    {
        options ??= new DiscoveryOptions();
        return SelectInterfaces(options).Select(i => (i.Name, i.Address)).ToList();
    }

    /// <summary>Searches for Shure devices for <see cref="DiscoveryOptions.ScanTime"/>.</summary>
    /// <exception cref="ArgumentException">A named interface does not exist or has no IPv4 address.</exception>
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
            return Build(records, nic.Name);
        })).ConfigureAwait(false);

        // A device seen on several interfaces is listed once, on the first.
        return results.SelectMany(r => r).GroupBy(d => d.HostName, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
    }

    /// <summary>Resolves an mDNS host name (<c>ANI4OUT-aabbcc.local</c>) to its addresses; empty when nothing answers.</summary>
    /// <exception cref="ArgumentException">Not a <c>.local</c> name.</exception>
    public static async Task<IReadOnlyList<IPAddress>> ResolveAsync(string hostName, DiscoveryOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(hostName, nameof(hostName));
        var name = hostName.TrimEnd('.');
        if (!name.EndsWith(".local", StringComparison.OrdinalIgnoreCase) || name.Length > DnsName.MaxLength)
        {
            throw new ArgumentException($"'{AsciiChars.Printable(hostName)}' is not an mDNS (.local) name.", nameof(hostName));
        }

        options ??= new DiscoveryOptions();
        var logger = Logger(options);
        foreach (var nic in SelectInterfaces(options))
        {
            var records = await CollectAsync(nic, options, _ => [new DnsQuestion(name, DnsType.A)], logger, cancellationToken, stopWhen: r => r.Any(x => x.Type == DnsType.A && DnsName.Equal(x.Name, name))).ConfigureAwait(false);
            var addresses = records.Where(r => r.Type == DnsType.A && DnsName.Equal(r.Name, name) && r.Address is not null).Select(r => r.Address!).Distinct().ToList();
            if (addresses.Count > 0)
            {
                return addresses;
            }
        }

        return [];
    }

    private static ILogger Logger(DiscoveryOptions options) =>
        (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ShureDrivers.Discovery");

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
            if (!known.Any(r => r.Type == DnsType.A && DnsName.Equal(r.Name, host)))
            {
                questions.Add(new DnsQuestion(host, DnsType.A));
            }
        }

        return questions.Take(DnsMessageReader.MaxQuestions).ToList();
    }

    private static async Task<List<DnsRecord>> CollectAsync(
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
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var receiver = new DatagramReceiver(socket, DnsMessageReader.MaxPacketLength + 1);
        socket.Bind(new IPEndPoint(nic.Address, 0));

        // Multicast goes out of this interface only, with the TTL mDNS uses.
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, BitConverter.ToInt32(nic.Address.GetAddressBytes(), 0));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
        using var scan = time.CreateTimeoutSource(options.ScanTime);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(scan.Token, cancellationToken);
        var ended = stop.Token.WhenCanceled();
        var nextQuery = 0;
        var id = (ushort)Environment.TickCount;
        while (!stop.IsCancellationRequested)
        {
            if (nextQuery < queries)
            {
                var query = new DnsMessage { Id = id };
                query.Questions.AddRange(questions(records));
                try
                {
                    await socket.SendToAsync(new ArraySegment<byte>(DnsMessageWriter.Write(query, 1400)), SocketFlags.None, options.QueryTarget).ConfigureAwait(false);
                }
                catch (SocketException ex)
                {
                    Log.DiscoverySendFailed(logger, nic.Name, ex);
                }

                nextQuery++;
            }

            using var untilNext = time.CreateTimeoutSource(nextQuery < queries ? spacing : Timeout.InfiniteTimeSpan);
            var next = untilNext.Token.WhenCanceled();
            var endOfWait = Task.WhenAny(ended, next);
            while (await receiver.ReceiveAsync(endOfWait).ConfigureAwait(false) is { } datagram)
            {
                if (!nic.IsOnLink(datagram.From.Address))
                {
                    continue;
                }

                if (!DnsMessageReader.TryRead(receiver.Received(datagram.Length), out var message, out var error))
                {
                    Log.DiscoveryMalformedPacket(logger, datagram.From, error);
                    continue;
                }

                if (!message.IsResponse)
                {
                    continue; // someone's query, perhaps our own
                }

                records.AddRange(message.AllRecords);
                if (stopWhen?.Invoke(records) == true)
                {
                    return records;
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return records;
    }

    internal static List<DiscoveredDevice> Build(List<DnsRecord> records, string interfaceName)
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
            var addresses = live.Where(r => r.Type is DnsType.A or DnsType.Aaaa && DnsName.Equal(r.Name, hostName) && r.Address is not null)
                .Select(r => r.Address!).Distinct().OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).ToList();
            var instanceName = instances.Select(DnsName.FirstLabel).OrderBy(n => n.Length).First();
            devices.Add(new DiscoveredDevice(
                instanceName,
                model,
                hostName,
                match.Success ? match.Groups["mac"].Value.ToLowerInvariant() : null,
                txtMac?.ToUpperInvariant(),
                addresses,
                shureSrv?.Port ?? 2202,
                serviceTypes,
                txt,
                interfaceName));
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

    internal static List<NetworkInterfaceAddress> SelectInterfaces(DiscoveryOptions options)
    {
        var all = new List<NetworkInterfaceAddress>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork)
                {
                    all.Add(new NetworkInterfaceAddress(nic.Name, unicast.Address, unicast.IPv4Mask, nic.NetworkInterfaceType == NetworkInterfaceType.Loopback, nic.SupportsMulticast));
                }
            }
        }

        // A unicast target on loopback reaches a local responder: search loopback only.
        if (IPAddress.IsLoopback(options.QueryTarget.Address))
        {
            return all.Where(i => i.IsLoopback).Take(1).ToList();
        }

        if (options.Interfaces.Count > 0)
        {
            var chosen = new List<NetworkInterfaceAddress>();
            foreach (var wanted in options.Interfaces)
            {
                var found = all.Where(i => string.Equals(i.Name, wanted, StringComparison.Ordinal) || i.Address.ToString() == wanted).ToList();
                if (found.Count == 0)
                {
                    throw new ArgumentException($"No up interface with an IPv4 address is named or numbered '{AsciiChars.Printable(wanted)}'.", nameof(options));
                }

                chosen.AddRange(found);
            }

            return chosen;
        }

        return options.LoopbackOnly
            ? all.Where(i => i.IsLoopback).Take(1).ToList()
            : all.Where(i => !i.IsLoopback && i.SupportsMulticast).ToList();
    }

    /// <summary>One IPv4 address of an interface, with its on-link range.</summary>
    internal sealed class NetworkInterfaceAddress(string name, IPAddress address, IPAddress? mask, bool isLoopback, bool supportsMulticast)
    {
        private readonly uint _mask = isLoopback ? 0xFF000000u : mask is null ? 0xFFFFFFFFu : ToUInt32(mask);

        public string Name { get; } = name;

        public IPAddress Address { get; } = address;

        public bool IsLoopback { get; } = isLoopback;

        public bool SupportsMulticast { get; } = supportsMulticast;

        public bool IsOnLink(IPAddress source)
        {
            if (source.IsIPv4MappedToIPv6)
            {
                source = source.MapToIPv4();
            }

            return source.AddressFamily == AddressFamily.InterNetwork && (ToUInt32(source) & _mask) == (ToUInt32(Address) & _mask);
        }

        private static uint ToUInt32(IPAddress a)
        {
            var b = a.GetAddressBytes();
            return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
        }
    }
}
