using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Internal;
using ShureDrivers.Networking;

namespace ShureDrivers.Discovery;

/// <summary>
/// Continuous mDNS browsing: listens on port 5353 (shared with Avahi or Bonjour; IPv4 and, where the chosen
/// interfaces have link-local addresses, IPv6), collects announcements and
/// goodbyes, keeps a cache that honours TTLs, and re-queries with growing intervals (1 s, 2 s, 4 s … up to an hour)
/// with known-answer suppression. Yields a <see cref="DeviceEvent"/> whenever the set of Shure devices changes.
/// </summary>
public static class ShureDeviceBrowser
{
    private const int MdnsPort = 5353;

    /// <summary>Browses until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="ArgumentException">A named interface does not exist.</exception>
    /// <exception cref="SocketException">Port 5353 cannot be shared or the group cannot be joined.</exception>
    public static async IAsyncEnumerable<DeviceEvent> BrowseAsync(DiscoveryOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new DiscoveryOptions();
        var interfaces = ShureDeviceDiscovery.SelectInterfaces(options);
        var port = options.QueryTarget.Port == 0 ? MdnsPort : options.QueryTarget.Port;
        var services = options.ServiceTypes.Select(s => s.TrimEnd('.') + ".local").ToList();
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ShureDrivers.Discovery");
        var time = options.TimeProvider;
        var events = Channel.CreateBounded<DeviceEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var cache = new Dictionary<string, (DnsRecord Record, long Expires)>(StringComparer.OrdinalIgnoreCase);
        var known = new Dictionary<string, DiscoveredDevice>(StringComparer.OrdinalIgnoreCase);
        var gate = new object();

        // One socket per address family on the shared port, each joined to its group on every chosen interface.
        var sockets = new List<(DatagramSocket Socket, IPEndPoint Group)>();
        try
        {
            foreach (var family in interfaces.GroupBy(n => n.Address.AddressFamily))
            {
                var group = ShureDeviceDiscovery.QueryTargetFor(family.First(), options)!.Address;
                var any = family.Key == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
                var socket = options.Transport.Bind(new IPEndPoint(any, port), new DatagramSocketOptions { ReuseAddress = true, ReceiveBufferSize = DnsMessageReader.MaxPacketLength + 1 });
                sockets.Add((socket, new IPEndPoint(group, port)));
                foreach (var nic in family)
                {
                    socket.JoinMulticastGroup(group, nic);
                }
            }
        }
        catch
        {
            sockets.ForEach(s => s.Socket.Dispose());
            throw;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = sockets.Select(s => Task.Run(() => ReceiveAsync(s.Socket), CancellationToken.None)).ToList();
        var querying = Task.Run(() => QueryAsync(), CancellationToken.None);
        try
        {
            while (await events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (events.Reader.TryRead(out var e))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(receiving.Append(querying)).ConfigureAwait(false);
            sockets.ForEach(s => s.Socket.Dispose());
        }

        async Task ReceiveAsync(DatagramSocket socket)
        {
            // Ends when browsing stops, or when this socket stops receiving: the cache then ages out what it brought.
            while (await ShureDeviceDiscovery.NextResponseAsync(socket, a => interfaces.Any(n => n.IsOnLink(a)), logger, socket.LocalEndPoint.ToString(), stop.Token).ConfigureAwait(false) is { } message)
            {
                lock (gate)
                {
                    var now = time.GetTimestamp();
                    foreach (var r in message.AllRecords)
                    {
                        // A goodbye (TTL 0) expires the record in one second (RFC 6762 §10.1).
                        var ttl = r.Ttl == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(r.Ttl);
                        var key = Key(r);
                        if (cache.Count < ShureDeviceDiscovery.MaxRecords || cache.ContainsKey(key))
                        {
                            cache[key] = (r.Ttl == 0 ? r.WithTtl(0) : r, now + (long)(ttl.TotalSeconds * time.TimestampFrequency));
                        }
                    }

                    Publish();
                }
            }
        }

        async Task QueryAsync()
        {
            var interval = TimeSpan.FromSeconds(1);
            var nextQuery = TimeSpan.Zero;
            var tick = TimeSpan.FromSeconds(1);
            var since = TimeSpan.Zero;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    if (since >= nextQuery)
                    {
                        await SendQueryAsync().ConfigureAwait(false);
                        nextQuery = since + interval;
                        interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, TimeSpan.FromHours(1).Ticks));
                    }

                    await time.DelayAsync(tick, stop.Token).ConfigureAwait(false);
                    since += tick;
                    lock (gate)
                    {
                        Publish();
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Browsing stopped.
            }
        }

        async Task SendQueryAsync()
        {
            var query = new DnsMessage();
            query.Questions.AddRange(services.Select(s => new DnsQuestion(s, DnsType.Ptr)));
            lock (gate)
            {
                // Known-answer suppression (RFC 6762 §7.1): list answers we hold with more than half their TTL left.
                var now = time.GetTimestamp();
                foreach (var (record, expires) in cache.Values)
                {
                    var left = (expires - now) / (double)time.TimestampFrequency;
                    if (record.Type == DnsType.Ptr && record.Ttl > 0 && left > record.Ttl / 2.0 && services.Any(s => DnsName.Equal(s, record.Name)) && query.Answers.Count < 64)
                    {
                        query.Answers.Add(record.WithTtl((uint)left));
                    }
                }
            }

            var packet = DnsMessageWriter.Write(query, 1400);
            foreach (var nic in interfaces)
            {
                var (socket, group) = sockets.First(s => s.Group.AddressFamily == nic.Address.AddressFamily);
                try
                {
                    socket.SetMulticastInterface(nic);
                    await socket.SendAsync(packet, group, stop.Token).ConfigureAwait(false);
                }
                catch (SocketException ex)
                {
                    Log.DiscoverySendFailed(logger, nic.Name, ex);
                }
            }
        }

        // Under the lock: drop expired records, rebuild the device set and report what changed.
        void Publish()
        {
            var now = time.GetTimestamp();
            foreach (var key in cache.Where(p => p.Value.Expires <= now).Select(p => p.Key).ToList())
            {
                cache.Remove(key);
            }

            var current = ShureDeviceDiscovery.Build(cache.Values.Select(v => v.Record).ToList(), interfaces.Count > 0 ? interfaces[0].Name : string.Empty)
                .ToDictionary(d => d.HostName, StringComparer.OrdinalIgnoreCase);
            foreach (var d in current.Values)
            {
                if (!known.TryGetValue(d.HostName, out var before))
                {
                    events.Writer.TryWrite(new DeviceEvent(DeviceEventKind.Appeared, d));
                }
                else if (!Same(before, d))
                {
                    events.Writer.TryWrite(new DeviceEvent(DeviceEventKind.Updated, d));
                }
            }

            foreach (var gone in known.Values.Where(k => !current.ContainsKey(k.HostName)))
            {
                events.Writer.TryWrite(new DeviceEvent(DeviceEventKind.Gone, gone));
            }

            known = current;
        }
    }

    private static string Key(DnsRecord r) =>
        r.Name + "|" + (int)r.Type + "|" + r.Address + "|" + r.Target + "|" + r.Port + "|" + string.Join("\u0001", r.Text);

    private static bool Same(DiscoveredDevice a, DiscoveredDevice b) =>
        a.Model == b.Model && a.Port == b.Port && a.MacAddress == b.MacAddress && a.Addresses.SequenceEqual(b.Addresses) && a.Services.SequenceEqual(b.Services);
}
