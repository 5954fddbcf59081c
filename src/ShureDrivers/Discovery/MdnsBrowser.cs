using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Internal;
using ShureDrivers.Networking;

namespace ShureDrivers.Discovery;

/// <summary>
/// One continuous browse (<see cref="ShureDeviceBrowser"/>): the shared-port sockets, a receive loop per socket, one
/// query loop, the record cache and the device set. Every loop is a field, started by <see cref="Start"/> and
/// awaited by <see cref="DisposeAsync"/>, so nothing outlives the browse.
/// </summary>
internal sealed class MdnsBrowser : IAsyncDisposable
{
    private const int MdnsPort = 5353;
    private const int MaxQueryPacket = 1400;

    // Bounds the known-answer burst of one query (about 40 packets of 1400 bytes).
    private const int MaxKnownAnswers = 1000;

    // The longest nap of the query loop when nothing happens: expiries are published within it.
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly MdnsQuerier _querier;
    private readonly TimeProvider _time;
    private readonly List<string> _services;
    private readonly TimeSpan _rescanEvery;
    private readonly Channel<DeviceEvent> _events = Channel.CreateBounded<DeviceEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly object _gate = new();
    private readonly MdnsRecordCache _cache;
    private readonly DeviceSet _devices = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _receiveLoops = [];
    private readonly BrowserSockets _sockets;
    private Task _queryLoop = Task.CompletedTask;
    private TaskCompletionSource<bool> _wake = NewWake();
    private int _interfacesChanged;
    private int _received;
    private int _disposed;

    public MdnsBrowser(DiscoveryOptions options)
    {
        _querier = new MdnsQuerier(options);
        _time = options.TimeProvider;
        _services = options.ServiceTypes.Select(s => s.TrimEnd('.') + ".local").ToList();
        _rescanEvery = options.InterfaceRescanInterval > TimeSpan.Zero ? options.InterfaceRescanInterval : TimeSpan.FromSeconds(5);
        _cache = new MdnsRecordCache(_time.TimestampFrequency);
        var port = options.QueryTarget.Port == 0 ? MdnsPort : options.QueryTarget.Port;
        _sockets = new BrowserSockets(_querier, port, socket => _receiveLoops.Add(Task.Run(() => ReceiveLoopAsync(socket), CancellationToken.None)));
    }

    /// <summary>What changed in the set of Shure devices, as it changes. Bounded: when nobody reads, the oldest go.</summary>
    public ChannelReader<DeviceEvent> Events => _events.Reader;

    /// <summary>Binds and joins on the interfaces present now, then starts querying.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">Port 5353 cannot be shared or the group cannot be joined.</exception>
    public void Start()
    {
        _sockets.Update(strict: true);
        LogInterfaces();
        _querier.Options.Transport.InterfacesChanged += OnInterfacesChanged;
        _queryLoop = Task.Run(QueryLoopAsync, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _querier.Options.Transport.InterfacesChanged -= OnInterfacesChanged;
        _stop.Cancel();
        await _queryLoop.ConfigureAwait(false);

        // Closing the sockets ends their receive loops.
        _sockets.Dispose();
        await Task.WhenAll(_receiveLoops).ConfigureAwait(false);
        _stop.Dispose();
    }

    private static TaskCompletionSource<bool> NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void OnInterfacesChanged(object? sender, EventArgs e)
    {
        Interlocked.Exchange(ref _interfacesChanged, 1);
        Volatile.Read(ref _wake).TrySetResult(true);
    }

    private async Task ReceiveLoopAsync(DatagramSocket socket)
    {
        // Ends when browsing stops, or when this socket stops receiving: the cache then ages out what it brought.
        while (await MdnsQuerier.NextResponseAsync(socket, _sockets.IsOnLink, _querier.Logger, socket.LocalEndPoint.ToString(), _stop.Token).ConfigureAwait(false) is var (message, source))
        {
            lock (_gate)
            {
                _cache.Add(message.AllRecords, source, _time.GetTimestamp());
            }

            // The query loop publishes: a burst of hundreds of answers is rebuilt into devices a few times, not
            // once per packet (which grew with the square of the devices on the link).
            Interlocked.Exchange(ref _received, 1);
            Volatile.Read(ref _wake).TrySetResult(true);
        }
    }

    private async Task QueryLoopAsync()
    {
        var interval = TimeSpan.FromSeconds(1);
        var started = _time.GetTimestamp();
        var nextQuery = TimeSpan.Zero;
        var nextRescan = _rescanEvery;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var since = _time.GetElapsedTime(started);
                if (Interlocked.Exchange(ref _interfacesChanged, 0) == 1 || since >= nextRescan)
                {
                    nextRescan = since + _rescanEvery;
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
                Volatile.Write(ref _wake, NewWake());
                if (Volatile.Read(ref _interfacesChanged) == 0 && Volatile.Read(ref _received) == 0)
                {
                    using var nap = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    var delay = _time.DelayAsync(Tick, nap.Token);
                    await Task.WhenAny(delay, Volatile.Read(ref _wake).Task).ConfigureAwait(false);
                    nap.Cancel();
                    _stop.Token.ThrowIfCancellationRequested();
                }

                Interlocked.Exchange(ref _received, 0);
                Publish();
            }
        }
        catch (OperationCanceledException)
        {
            // Browsing stopped.
        }
    }

    private bool Rescan()
    {
        if (!_sockets.Update(strict: false))
        {
            return false;
        }

        LogInterfaces();
        lock (_gate)
        {
            // What only a link that went could have told us is gone with it.
            _cache.ForgetOffLink(_sockets.IsOnLink);
        }

        Publish();
        return true;
    }

    private void LogInterfaces() =>
        Log.DiscoveryInterfacesChanged(_querier.Logger, _sockets.Interfaces.Count == 0 ? "no interface" : string.Join(", ", _sockets.Interfaces));

    private async Task SendQueryAsync()
    {
        List<DnsRecord> knownAnswers;
        lock (_gate)
        {
            knownAnswers = _cache.KnownAnswers(_services, _time.GetTimestamp(), MaxKnownAnswers);
        }

        // As many packets as the known answers need (§7.2), never one over 1400 bytes.
        var packets = DnsQueryPackets.Build(_services.Select(s => new DnsQuestion(s, DnsType.Ptr)), knownAnswers, 0, MaxQueryPacket);
        foreach (var nic in _sockets.Interfaces)
        {
            if (_sockets.Find(nic) is not var (socket, group))
            {
                continue;
            }

            try
            {
                socket.SetMulticastInterface(nic);
                foreach (var packet in packets)
                {
                    await socket.SendAsync(packet, group, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                Log.DiscoverySendFailed(_querier.Logger, nic.Name, ex);
            }
        }
    }

    // Drops expired records, rebuilds the device set and reports what changed.
    private void Publish()
    {
        lock (_gate)
        {
            _cache.Expire(_time.GetTimestamp());
            var interfaces = _sockets.Interfaces;
            var current = ShureServiceRecords.Build(_cache.Records, interfaces.Count > 0 ? interfaces[0].Name : string.Empty);
            foreach (var change in _devices.Update(current))
            {
                _events.Writer.TryWrite(change);
            }
        }
    }
}
