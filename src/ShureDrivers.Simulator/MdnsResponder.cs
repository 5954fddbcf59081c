using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Discovery;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Internal;
using ShureDrivers.Networking;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

/// <summary>
/// A small RFC 6762/6763 responder for simulated devices: <c>ANI4OUT-aabbcc.local</c> (A record) and DNS-SD
/// records for <c>_http._tcp</c> and, optionally, <c>_shure._tcp</c>. Answers multicast (QM and QU) and legacy
/// unicast queries, probes its names before use and defends them, announces at start and says goodbye at stop.
/// Multicast is pinned to <see cref="MdnsResponderOptions.InterfaceAddress"/> (loopback by default), over IPv4 and,
/// when that interface has a link-local address, IPv6 (<c>ff02::fb</c>); only on-link sources are answered.
/// </summary>
public sealed class MdnsResponder : IAsyncDisposable
{
    private const string Local = ".local";
    private const string ServicesName = "_services._dns-sd._udp.local";
    private const uint HostTtl = 120;
    private const uint OtherTtl = 4500;
    private const int MaxPacket = 1400;
    private const int MaxRenames = 10;
    private static readonly IPAddress Group = ShureDeviceDiscovery.MdnsGroupIPv4;
    private static readonly IPAddress GroupV6 = ShureDeviceDiscovery.MdnsGroupIPv6;

    private readonly object _gate = new();
    private readonly MdnsResponderOptions _options;
    private readonly List<Advertised> _devices;
    private readonly List<Link> _links = [];
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<long> _sentHashes = new();
    private readonly Random _random;
    private readonly Task[] _receiveLoops;
    private Task _probeLoop = Task.CompletedTask;
    private long _malformed;
    private long _answered;
    private int _disposed;

    private MdnsResponder(IEnumerable<SimulatedDevice> devices, MdnsResponderOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(SimulatorLog.Category);
        // Without probing, names are ours from the start.
        _devices = devices.Select(d => new Advertised(d, options) { Established = !options.Probe }).ToList();
        var address = options.InterfaceAddress;
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The responder answers on an IPv4 interface address.", nameof(options));
        }

        var transport = options.Transport ?? UdpDatagramTransport.Instance;
        var interfaces = transport.GetInterfaces();
        var nic = interfaces.FirstOrDefault(i => i.IsIPv4 && i.Address.Equals(address))
            ?? (IPAddress.IsLoopback(address) ? new NetworkInterfaceAddress("lo", 0, address, 8, isLoopback: true, supportsMulticast: false) : null)
            ?? throw new ArgumentException($"No local interface has the address {address}.", nameof(options));
        try
        {
            // Share a fixed port (5353) with other responders on the machine; multicast leaves through the chosen
            // interface only, never a default route.
            _links.Add(Link.Open(transport, nic, Group, IPAddress.Any, options.Port));
            var v6 = options.IPv6 && !nic.IsLoopback ? interfaces.FirstOrDefault(i => i.IsIPv6LinkLocal && i.Name == nic.Name) : null;
            if (v6 is not null)
            {
                _links.Add(Link.Open(transport, v6, GroupV6, IPAddress.IPv6Any, _links[0].Socket.LocalEndPoint.Port));
            }
        }
        catch
        {
            _links.ForEach(l => l.Socket.Dispose());
            throw;
        }

        LocalEndPoint = _links[0].Socket.LocalEndPoint;
        _receiveLoops = _links.Select(l => Task.Run(() => ReceiveLoopAsync(l))).ToArray();
    }

    /// <summary>The local port (the real one when 0 was asked for) on any address.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Completes when every name has been probed and announced (at once when both are off).</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>The host names in use (without <c>.local</c>); a name taken by another host is replaced by <c>name-2</c> and so on.</summary>
    public IReadOnlyList<string> HostNames
    {
        get
        {
            lock (_gate)
            {
                return _devices.Select(d => d.Host).ToList();
            }
        }
    }

    /// <summary>The interface addresses answered on: the IPv4 one, and its IPv6 link-local one when <see cref="MdnsResponderOptions.IPv6"/> found it.</summary>
    public IReadOnlyList<NetworkInterfaceAddress> Interfaces => _links.Select(l => l.Interface).ToList();

    /// <summary>Packets dropped as malformed.</summary>
    public long MalformedPacketCount => Interlocked.Read(ref _malformed);

    /// <summary>Queries answered.</summary>
    public long AnsweredQueryCount => Interlocked.Read(ref _answered);

    /// <summary>Starts advertising <paramref name="devices"/>.</summary>
    /// <exception cref="SocketException">The port or the multicast group cannot be joined on the interface.</exception>
    public static MdnsResponder Start(IEnumerable<SimulatedDevice> devices, MdnsResponderOptions? options = null)
    {
        Guard.NotNull(devices, nameof(devices));
        var responder = new MdnsResponder(devices, options ?? new MdnsResponderOptions());
        responder._probeLoop = Task.Run(responder.ProbeAndAnnounceAsync);
        return responder;
    }

    /// <summary>Sends goodbyes (TTL 0) for announced records, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            await _probeLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped while probing.
        }

        if (_options.Announce)
        {
            List<DnsRecord> goodbyes;
            lock (_gate)
            {
                goodbyes = Distinct(_devices.Where(d => d.Established).SelectMany(d => d.Records())).Select(r => r.WithTtl(0)).ToList();
            }

            await SendResponsesAsync(goodbyes, MulticastAsync).ConfigureAwait(false);
        }

        _links.ForEach(l => l.Socket.Dispose());
        await Task.WhenAll(_receiveLoops).ConfigureAwait(false);
        _ready.TrySetCanceled();
        _stop.Dispose();
    }

    private async Task ProbeAndAnnounceAsync()
    {
        var token = _stop.Token;
        var time = _options.TimeProvider;
        try
        {
            if (_options.Probe)
            {
                for (var attempt = 0; attempt <= MaxRenames; attempt++)
                {
                    List<Advertised> probing;
                    lock (_gate)
                    {
                        probing = _devices.Where(d => !d.Established).ToList();
                        probing.ForEach(d => d.Conflict = false);
                    }

                    if (probing.Count == 0)
                    {
                        break;
                    }

                    await time.DelayAsync(TimeSpan.FromMilliseconds(_random.Next(0, 250)), token).ConfigureAwait(false);
                    for (var round = 0; round < 3; round++)
                    {
                        await SendProbesAsync(probing, unicastResponse: round == 0).ConfigureAwait(false);
                        await time.DelayAsync(TimeSpan.FromMilliseconds(250), token).ConfigureAwait(false);
                    }

                    lock (_gate)
                    {
                        foreach (var d in probing)
                        {
                            if (d.Conflict)
                            {
                                var old = d.Host;
                                d.Rename();
                                SimulatorLog.MdnsConflict(_logger, old, d.Host);
                            }
                            else
                            {
                                d.Established = true;
                            }
                        }
                    }
                }
            }

            lock (_gate)
            {
                // Names that kept conflicting are not advertised.
                _devices.ForEach(d => d.Established = d.Established || !_options.Probe);
            }

            if (_options.Announce)
            {
                // RFC 6762 §8.3: at least two announcements, one second apart.
                await SendResponsesAsync(EstablishedRecords(), MulticastAsync).ConfigureAwait(false);
                _ready.TrySetResult(true);
                await time.DelayAsync(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                await SendResponsesAsync(EstablishedRecords(), MulticastAsync).ConfigureAwait(false);
            }

            _ready.TrySetResult(true);
        }
        catch (OperationCanceledException)
        {
            _ready.TrySetCanceled();
        }
    }

    private List<DnsRecord> EstablishedRecords()
    {
        lock (_gate)
        {
            return Distinct(_devices.Where(d => d.Established).SelectMany(d => d.Records()));
        }
    }

    // Devices share the _services._dns-sd._udp PTRs; send each record once.
    private static List<DnsRecord> Distinct(IEnumerable<DnsRecord> records)
    {
        var list = new List<DnsRecord>();
        foreach (var r in records)
        {
            if (!list.Any(x => x.Type == r.Type && DnsName.Equal(x.Name, r.Name) && x.SameData(r)))
            {
                list.Add(r);
            }
        }

        return list;
    }

    private async Task SendProbesAsync(List<Advertised> probing, bool unicastResponse)
    {
        // Probes: ANY questions for each unique name, with the proposed records in Authority (§8.1, §8.2).
        var pending = new List<(List<DnsQuestion> Questions, List<DnsRecord> Proposed)>();
        lock (_gate)
        {
            foreach (var d in probing)
            {
                var records = d.Records().Where(r => r.Type != DnsType.Ptr).ToList();
                var questions = records.Select(r => r.Name).Distinct(StringComparer.OrdinalIgnoreCase)
                    .Select(n => new DnsQuestion(n, DnsType.Any, unicastResponse)).ToList();
                pending.Add((questions, records));
            }
        }

        var message = new DnsMessage();
        foreach (var (questions, proposed) in pending)
        {
            var candidate = new DnsMessage();
            candidate.Questions.AddRange(message.Questions.Concat(questions));
            candidate.Authorities.AddRange(message.Authorities.Concat(proposed));
            if (message.Questions.Count > 0 && (candidate.Questions.Count > DnsMessageReader.MaxQuestions || DnsMessageWriter.Measure(candidate) > MaxPacket))
            {
                await MulticastAsync(DnsMessageWriter.Write(message)).ConfigureAwait(false);
                candidate = new DnsMessage();
                candidate.Questions.AddRange(questions);
                candidate.Authorities.AddRange(proposed);
            }

            message = candidate;
        }

        if (message.Questions.Count > 0)
        {
            await MulticastAsync(DnsMessageWriter.Write(message)).ConfigureAwait(false);
        }
    }

    // Multicast or QU responses: ID 0, no questions, authoritative, records in Answer, split to fit.
    private static async Task SendResponsesAsync(List<DnsRecord> records, Func<byte[], Task> send)
    {
        var message = NewResponse();
        foreach (var record in records)
        {
            message.Answers.Add(record);
            if (message.Answers.Count > 1 && DnsMessageWriter.Measure(message) > MaxPacket)
            {
                message.Answers.RemoveAt(message.Answers.Count - 1);
                await send(DnsMessageWriter.Write(message)).ConfigureAwait(false);
                message = NewResponse();
                message.Answers.Add(record);
            }
        }

        if (message.Answers.Count > 0)
        {
            await send(DnsMessageWriter.Write(message)).ConfigureAwait(false);
        }

        static DnsMessage NewResponse() => new() { IsResponse = true, Authoritative = true };
    }

    // Probes, announcements and goodbyes go to the group on every link.
    private async Task MulticastAsync(byte[] packet)
    {
        foreach (var link in _links)
        {
            await SendAsync(packet, link, link.Group).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(byte[] packet, Link link, IPEndPoint to)
    {
        lock (_sentHashes)
        {
            _sentHashes.Enqueue(Hash(packet));
            while (_sentHashes.Count > 256)
            {
                _sentHashes.Dequeue();
            }
        }

        try
        {
            await link.Socket.SendAsync(packet, to).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Nothing to do: mDNS is best effort.
        }
    }

    private async Task ReceiveLoopAsync(Link link)
    {
        while (!_stop.IsCancellationRequested)
        {
            ReceivedDatagram received;
            try
            {
                received = await link.Socket.ReceiveAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                return; // stopped, or the network went away
            }

            var remote = received.RemoteEndPoint;
            var packet = received.Data.Span;
            if (!link.Interface.IsOnLink(remote.Address) || IsOwn(packet))
            {
                continue;
            }

            if (!DnsMessageReader.TryRead(packet, out var message, out _))
            {
                Interlocked.Increment(ref _malformed);
                SimulatorLog.MdnsMalformedPacket(_logger, remote);
                continue;
            }

            try
            {
                if (message.IsResponse)
                {
                    CheckConflicts(message);
                }
                else if (message.Opcode == 0)
                {
                    await AnswerAsync(message, remote, link).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                // A reply that cannot be built is not sent; the loop goes on.
                Interlocked.Increment(ref _malformed);
            }
        }
    }

    private void CheckConflicts(DnsMessage response)
    {
        lock (_gate)
        {
            foreach (var theirs in response.AllRecords)
            {
                if (theirs.Ttl == 0 || theirs.Type == DnsType.Ptr)
                {
                    continue;
                }

                foreach (var d in _devices)
                {
                    var mine = d.Records().Where(r => r.Type == theirs.Type && DnsName.Equal(r.Name, theirs.Name)).ToList();
                    if (mine.Count > 0 && !mine.Any(r => r.SameData(theirs)))
                    {
                        // RFC 6762 §9: a conflicting unique record. While probing, pick another name; once
                        // established, probe again (and rename if the other host answers).
                        d.Conflict = true;
                        if (d.Established)
                        {
                            d.Established = false;
                            if (_probeLoop.IsCompleted && _disposed == 0)
                            {
                                _probeLoop = Task.Run(ProbeAndAnnounceAsync);
                            }
                        }
                    }
                }
            }
        }
    }

    private async Task AnswerAsync(DnsMessage query, IPEndPoint remote, Link link)
    {
        var legacy = remote.Port != _options.Port;
        var isProbe = query.Authorities.Count > 0;
        var answers = new List<DnsRecord>();
        var additionals = new List<DnsRecord>();
        lock (_gate)
        {
            var established = _devices.Where(d => d.Established).ToList();
            var all = established.SelectMany(d => d.Records()).ToList();
            foreach (var question in query.Questions)
            {
                if (question.Class != DnsRecord.ClassIn && question.Class != 255)
                {
                    continue;
                }

                foreach (var record in all)
                {
                    if (DnsName.Equal(record.Name, question.Name) && (question.Type == DnsType.Any || question.Type == record.Type)
                        && !answers.Any(a => a.Type == record.Type && DnsName.Equal(a.Name, record.Name) && a.SameData(record))
                        && !KnownAnswer(query, record, legacy))
                    {
                        answers.Add(record);
                    }
                }
            }

            // Records a querier will want next (RFC 6763 §12): SRV, TXT and A for an instance; A for an SRV.
            foreach (var answer in answers.ToList())
            {
                var follow = answer.Type switch
                {
                    DnsType.Ptr when established.FirstOrDefault(d => d.Owns(answer.Target!)) is { } owner =>
                        all.Where(r => DnsName.Equal(r.Name, answer.Target!) || (r.Type is DnsType.A or DnsType.Aaaa && DnsName.Equal(r.Name, owner.Host + Local))),
                    DnsType.Srv => all.Where(r => r.Type is DnsType.A or DnsType.Aaaa && DnsName.Equal(r.Name, answer.Target!)),
                    _ => [],
                };
                additionals.AddRange(follow.Where(r => !answers.Contains(r) && !additionals.Contains(r)));
            }
        }

        if (answers.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _answered);
        if (legacy)
        {
            // RFC 6762 §6.7: echo the ID and the question, TTLs at most 10, no cache-flush bits, unicast back.
            var reply = new DnsMessage { Id = query.Id, IsResponse = true, Authoritative = true };
            reply.Questions.AddRange(query.Questions);
            reply.Answers.AddRange(answers.Concat(additionals).Select(r => r.WithTtl(Math.Min(r.Ttl, 10u), cacheFlush: false)));
            await SendAsync(DnsMessageWriter.Write(reply), link, remote).ConfigureAwait(false);
            return;
        }

        // Probes for our names are defended at once by multicast; QU questions are answered by unicast.
        var to = !isProbe && query.Questions.All(q => q.UnicastResponse) ? remote : link.Group;
        await SendResponsesAsync(answers.Concat(additionals).ToList(), packet => SendAsync(packet, link, to)).ConfigureAwait(false);
    }

    private static bool KnownAnswer(DnsMessage query, DnsRecord record, bool legacy) =>
        !legacy && query.Answers.Any(k => k.Type == record.Type && DnsName.Equal(k.Name, record.Name) && k.SameData(record) && k.Ttl >= record.Ttl / 2);

    private bool IsOwn(ReadOnlySpan<byte> packet)
    {
        var hash = Hash(packet);
        lock (_sentHashes)
        {
            return _sentHashes.Contains(hash);
        }
    }

    private static long Hash(ReadOnlySpan<byte> packet)
    {
        // FNV-1a over the bytes; enough to recognise our own packets coming back on loopback.
        var hash = unchecked((long)14695981039346656037UL);
        foreach (var b in packet)
        {
            hash = unchecked((hash ^ b) * 1099511628211L);
        }

        return hash ^ packet.Length;
    }

    /// <summary>One interface address answered on: a socket on the shared port joined to the group there.</summary>
    private sealed class Link(DatagramSocket socket, NetworkInterfaceAddress nic, IPEndPoint group)
    {
        public DatagramSocket Socket { get; } = socket;

        public NetworkInterfaceAddress Interface { get; } = nic;

        public IPEndPoint Group { get; } = group;

        public static Link Open(DatagramTransport transport, NetworkInterfaceAddress nic, IPAddress group, IPAddress any, int port)
        {
            var socket = transport.Bind(new IPEndPoint(any, port), new DatagramSocketOptions
            {
                ReuseAddress = true,
                MulticastInterface = nic,
                MulticastLoopback = true,
                ReceiveBufferSize = DnsMessageReader.MaxPacketLength + 1,
            });
            try
            {
                socket.JoinMulticastGroup(group, nic);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            return new Link(socket, nic, new IPEndPoint(group, socket.LocalEndPoint.Port));
        }
    }

    /// <summary>One device's names and records, renamed on conflict.</summary>
    private sealed class Advertised
    {
        private readonly SimulatedDevice _device;
        private readonly MdnsResponderOptions _options;
        private readonly string _baseName;
        private int _suffix = 1;
        private List<DnsRecord>? _records;

        public Advertised(SimulatedDevice device, MdnsResponderOptions options)
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
}
