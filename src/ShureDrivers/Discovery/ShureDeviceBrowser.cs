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
/// <remarks>
/// It follows the network: on the transport's change notifications, and every
/// <see cref="DiscoveryOptions.InterfaceRescanInterval"/>, it re-reads the interfaces. An address that appears is
/// joined and queried on at once (the query interval starts again at 1 s); when an address goes, its membership is
/// left and every record learned only from sources on its link is dropped, so the devices there are reported gone.
/// A named interface without an address yet is waited for.
/// </remarks>
public static class ShureDeviceBrowser
{
    private const int MdnsPort = 5353;
    private const int MaxQueryPacket = 1400;

    // Bounds the known-answer burst of one query (about 40 packets of 1400 bytes).
    private const int MaxKnownAnswers = 1000;

    /// <summary>Browses until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="SocketException">Port 5353 cannot be shared or the group cannot be joined on an interface present at start.</exception>
    public static async IAsyncEnumerable<DeviceEvent> BrowseAsync(DiscoveryOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new DiscoveryOptions();
        var port = options.QueryTarget.Port == 0 ? MdnsPort : options.QueryTarget.Port;
        var services = options.ServiceTypes.Select(s => s.TrimEnd('.') + ".local").ToList();
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.DiscoveryCategory);
        var time = options.TimeProvider;
        var rescanEvery = options.InterfaceRescanInterval > TimeSpan.Zero ? options.InterfaceRescanInterval : TimeSpan.FromSeconds(5);
        var events = Channel.CreateBounded<DeviceEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var cache = new Dictionary<string, (DnsRecord Record, long Expires, IPAddress Source)>(StringComparer.OrdinalIgnoreCase);
        var known = new Dictionary<string, DiscoveredDevice>(StringComparer.OrdinalIgnoreCase);
        var gate = new object();
        var changed = 0;
        var received = 0;
        var wake = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = new List<Task>();
        BrowserSockets sockets = null!; // the receive loops it starts read it
        sockets = new BrowserSockets(options, port, logger, socket => receiving.Add(Task.Run(() => ReceiveAsync(socket), CancellationToken.None)));
        using var owned = sockets;
        try
        {
            sockets.Update(strict: true);
            LogInterfaces();
        }
        catch
        {
            stop.Cancel();
            await Task.WhenAll(receiving).ConfigureAwait(false);
            throw;
        }

        void OnInterfacesChanged(object? sender, EventArgs e)
        {
            Interlocked.Exchange(ref changed, 1);
            Volatile.Read(ref wake).TrySetResult(true);
        }

        options.Transport.InterfacesChanged += OnInterfacesChanged;
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
            options.Transport.InterfacesChanged -= OnInterfacesChanged;
            stop.Cancel();
            await querying.ConfigureAwait(false);
            sockets.Dispose();
            await Task.WhenAll(receiving).ConfigureAwait(false);
        }

        async Task ReceiveAsync(DatagramSocket socket)
        {
            // Ends when browsing stops, or when this socket stops receiving: the cache then ages out what it brought.
            while (await ShureDeviceDiscovery.NextResponseAsync(socket, sockets.IsOnLink, logger, socket.LocalEndPoint.ToString(), stop.Token).ConfigureAwait(false) is var (message, source))
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
                            cache[key] = (r.Ttl == 0 ? r.WithTtl(0) : r, now + (long)(ttl.TotalSeconds * time.TimestampFrequency), source);
                        }
                    }
                }

                // The query loop publishes: a burst of hundreds of answers is rebuilt into devices a few times, not
                // once per packet (which grew with the square of the devices on the link).
                Interlocked.Exchange(ref received, 1);
                Volatile.Read(ref wake).TrySetResult(true);
            }
        }

        async Task QueryAsync()
        {
            var interval = TimeSpan.FromSeconds(1);
            var started = time.GetTimestamp();
            var nextQuery = TimeSpan.Zero;
            var nextRescan = rescanEvery;
            var tick = TimeSpan.FromSeconds(1);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var since = time.GetElapsedTime(started);
                    if (Interlocked.Exchange(ref changed, 0) == 1 || since >= nextRescan)
                    {
                        nextRescan = since + rescanEvery;
                        if (Rescan())
                        {
                            // RFC 6762 §8.3/§5.2: connectivity changed, so start querying again from the shortest interval.
                            interval = TimeSpan.FromSeconds(1);
                            nextQuery = since;
                        }
                    }

                    if (since >= nextQuery)
                    {
                        await SendQueryAsync().ConfigureAwait(false);
                        nextQuery = since + interval;
                        interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, TimeSpan.FromHours(1).Ticks));
                    }

                    // Sleep a tick, or less when the network changes or answers arrive.
                    Volatile.Write(ref wake, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
                    if (Volatile.Read(ref changed) == 0 && Volatile.Read(ref received) == 0)
                    {
                        using var nap = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                        var delay = time.DelayAsync(tick, nap.Token);
                        await Task.WhenAny(delay, Volatile.Read(ref wake).Task).ConfigureAwait(false);
                        nap.Cancel();
                        stop.Token.ThrowIfCancellationRequested();
                    }

                    Interlocked.Exchange(ref received, 0);
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

        bool Rescan()
        {
            if (!sockets.Update(strict: false))
            {
                return false;
            }

            LogInterfaces();
            lock (gate)
            {
                // What only a link that went could have told us is gone with it.
                foreach (var key in cache.Where(p => !sockets.IsOnLink(p.Value.Source)).Select(p => p.Key).ToList())
                {
                    cache.Remove(key);
                }

                Publish();
            }

            return true;
        }

        void LogInterfaces() =>
            Log.DiscoveryInterfacesChanged(logger, sockets.Interfaces.Count == 0 ? "no interface" : string.Join(", ", sockets.Interfaces));

        async Task SendQueryAsync()
        {
            var knownAnswers = new List<DnsRecord>();
            lock (gate)
            {
                // Known-answer suppression (RFC 6762 §7.1): list answers we hold with more than half their TTL left.
                var now = time.GetTimestamp();
                foreach (var (record, expires, _) in cache.Values)
                {
                    var left = (expires - now) / (double)time.TimestampFrequency;
                    if (record.Type == DnsType.Ptr && record.Ttl > 0 && left > record.Ttl / 2.0 && services.Any(s => DnsName.Equal(s, record.Name)) && knownAnswers.Count < MaxKnownAnswers)
                    {
                        knownAnswers.Add(record.WithTtl((uint)left));
                    }
                }
            }

            // As many packets as the known answers need (§7.2), never one over 1400 bytes.
            var packets = DnsQueryPackets.Build(services.Select(s => new DnsQuestion(s, DnsType.Ptr)), knownAnswers, 0, MaxQueryPacket);
            foreach (var nic in sockets.Interfaces)
            {
                if (sockets.Find(nic) is not var (socket, group))
                {
                    continue;
                }

                try
                {
                    socket.SetMulticastInterface(nic);
                    foreach (var packet in packets)
                    {
                        await socket.SendAsync(packet, group, stop.Token).ConfigureAwait(false);
                    }
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

            var interfaces = sockets.Interfaces;
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
