using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Internal;
using ShureDrivers.Networking;
using ShureDrivers.PacketBridge;

namespace ShureDrivers.Discovery;

/// <summary>
/// The mDNS rules of one <see cref="DiscoveryOptions"/>: which interfaces are searched, where queries go, how one
/// interface's answers are collected for a scan, which responses are read, and the packet-bridge settings that go
/// with them. The one-shot searches (<see cref="ShureDeviceDiscovery"/>), the browser's sockets and the locator
/// resolver all ask it, so each rule has one home.
/// </summary>
internal sealed class MdnsQuerier
{
    /// <summary>The mDNS IPv4 group.</summary>
    public static readonly IPAddress Group = new([224, 0, 0, 251]);

    /// <summary>The mDNS IPv6 link-local group.</summary>
    public static readonly IPAddress GroupV6 = IPAddress.Parse("ff02::fb");

    /// <summary>
    /// The most records one scan of one interface keeps (and the browser's cache holds): far above any real network,
    /// so a flood of answers cannot grow memory without bound. Beyond it, new records are dropped.
    /// </summary>
    public const int MaxRecords = 20_000;

    // The largest query packet we send (a typical Ethernet payload, with room for headers).
    private const int MaxQueryPacket = 1400;

    public MdnsQuerier(DiscoveryOptions options)
    {
        Options = options;
        Logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.DiscoveryCategory);
    }

    public DiscoveryOptions Options { get; }

    public ILogger Logger { get; }

    /// <summary>The packet-bridge settings discovery uses: the caller's, else its transport, clock and logging with a short budget.</summary>
    public PacketBridgeOptions BridgeOptions =>
        Options.PacketBridge ?? new PacketBridgeOptions
        {
            Transport = Options.Transport,
            TimeProvider = Options.TimeProvider,
            LoggerFactory = Options.LoggerFactory,
            ResendInterval = TimeSpan.FromMilliseconds(500),
            Attempts = 2,
        };

    /// <summary>The interfaces a search uses; <paramref name="lenient"/> skips named interfaces that have no usable address (yet) instead of throwing.</summary>
    /// <exception cref="ArgumentException">Not lenient, and a named interface does not exist or has no usable address.</exception>
    public List<NetworkInterfaceAddress> SelectInterfaces(bool lenient = false)
    {
        var all = Options.Transport.GetInterfaces()
            .Where(i => i.IsIPv4 || (Options.IPv6 && i.IsIPv6LinkLocal))
            .ToList();

        // A unicast target on loopback reaches a local responder: search loopback only.
        if (IPAddress.IsLoopback(Options.QueryTarget.Address))
        {
            return all.Where(i => i.IsLoopback && i.Address.AddressFamily == Options.QueryTarget.AddressFamily).Take(1).ToList();
        }

        List<NetworkInterfaceAddress> chosen;
        if (Options.Interfaces.Count > 0)
        {
            chosen = [];
            foreach (var wanted in Options.Interfaces)
            {
                var found = all.Where(i => string.Equals(i.Name, wanted, StringComparison.Ordinal) || IsAddress(i, wanted)).ToList();
                if (found.Count == 0 && !lenient)
                {
#pragma warning disable CA2208 // the caller's parameter: every public search takes the options as 'options'
                    throw new ArgumentException($"No up interface with an IPv4 or IPv6 link-local address is named or numbered '{AsciiChars.Printable(wanted)}'.", "options");
#pragma warning restore CA2208
                }

                chosen.AddRange(found.Where(f => !chosen.Contains(f)));
            }
        }
        else
        {
            chosen = Options.LoopbackOnly
                ? all.Where(i => i.IsLoopback && i.IsIPv4).Take(1).ToList()
                : all.Where(i => !i.IsLoopback && i.SupportsMulticast).ToList();
        }

        return chosen.Where(i => QueryTargetFor(i) is not null).ToList();
    }

    /// <summary>Where queries on <paramref name="nic"/> go: the target of its family, the mDNS group of the other family for the mDNS group, or null (not searched).</summary>
    public IPEndPoint? QueryTargetFor(NetworkInterfaceAddress nic)
    {
        var target = Options.QueryTarget;
        if (target.AddressFamily == nic.Address.AddressFamily)
        {
            return target;
        }

        if (target.Address.Equals(Group))
        {
            return new IPEndPoint(GroupV6, target.Port);
        }

        return target.Address.Equals(GroupV6) ? new IPEndPoint(Group, target.Port) : null;
    }

    /// <summary>
    /// Asks <paramref name="questions"/> on <paramref name="nic"/> <see cref="DiscoveryOptions.Queries"/> times across
    /// <see cref="DiscoveryOptions.ScanTime"/> (each round may ask about what earlier rounds learned) and collects every
    /// answer until the scan ends, <paramref name="stopWhen"/> holds, or the interface stops receiving.
    /// </summary>
    public async Task<List<DnsRecord>> CollectAsync(
        NetworkInterfaceAddress nic,
        Func<List<DnsRecord>, List<DnsQuestion>> questions,
        CancellationToken cancellationToken,
        Func<List<DnsRecord>, bool>? stopWhen = null)
    {
        var records = new List<DnsRecord>();
        var time = Options.TimeProvider;
        var queries = Math.Max(1, Options.Queries);
        var spacing = TimeSpan.FromTicks(Options.ScanTime.Ticks / queries);
        var target = QueryTargetFor(nic)!;

        // An ephemeral port: answers come back by unicast (legacy unicast), next to whatever holds 5353.
        // Multicast leaves by this interface only, with the TTL mDNS uses.
        using var socket = Options.Transport.Bind(
            new IPEndPoint(BindableAddress(nic), 0),
            new DatagramSocketOptions { MulticastInterface = nic, ReceiveBufferSize = DnsMessageReader.MaxPacketLength + 1 });
        using var scan = time.CreateTimeoutSource(Options.ScanTime);
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
                    foreach (var packet in DnsQueryPackets.Build(questions(records), [], id, MaxQueryPacket))
                    {
                        await socket.SendAsync(packet, target, stop.Token).ConfigureAwait(false);
                    }
                }
                catch (SocketException ex)
                {
                    Log.DiscoverySendFailed(Logger, nic.Name, ex);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                nextQuery++;
            }

            using var untilNext = time.CreateTimeoutSource(nextQuery < queries ? spacing : Timeout.InfiniteTimeSpan);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, untilNext.Token);
            while (await NextResponseAsync(socket, nic.IsOnLink, Logger, nic.Name, wait.Token).ConfigureAwait(false) is var (message, _))
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
    public static async Task<(DnsMessage Message, IPAddress Source)?> NextResponseAsync(DatagramSocket socket, Func<IPAddress, bool> isOnLink, ILogger logger, string where, CancellationToken until)
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
    private static IPAddress BindableAddress(NetworkInterfaceAddress nic) =>
        nic.IsIPv6LinkLocal && nic.Address.ScopeId == 0 ? new IPAddress(nic.Address.GetAddressBytes(), nic.Index) : nic.Address;

    private static bool IsAddress(NetworkInterfaceAddress nic, string text) =>
        IPAddress.TryParse(text, out var address) && address.GetAddressBytes().AsSpan().SequenceEqual(nic.Address.GetAddressBytes())
        && (address.AddressFamily != AddressFamily.InterNetworkV6 || address.ScopeId == 0 || address.ScopeId == nic.Index); // ScopeId throws on IPv4
}
