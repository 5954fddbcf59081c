using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Internal;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

/// <summary>
/// A small RFC 6762/6763 responder for simulated devices: <c>ANI4OUT-aabbcc.local</c> (A record) and DNS-SD
/// records for <c>_http._tcp</c> and, optionally, <c>_shure._tcp</c>. Answers multicast (QM and QU) and legacy
/// unicast queries, probes its names before use and defends them, announces at start and says goodbye at stop.
/// Multicast is pinned to <see cref="MdnsResponderOptions.InterfaceAddress"/> (loopback by default) and only
/// on-link sources are answered.
/// </summary>
public sealed class MdnsResponder : IAsyncDisposable
{
    private const string Local = ".local";
    private const string ServicesName = "_services._dns-sd._udp.local";
    private const uint HostTtl = 120;
    private const uint OtherTtl = 4500;
    private const int MaxPacket = 1400;
    private const int MaxRenames = 10;
    private static readonly IPAddress Group = IPAddress.Parse("224.0.0.251");

    private readonly object _gate = new();
    private readonly MdnsResponderOptions _options;
    private readonly List<Advertised> _devices;
    private readonly Socket _socket;
    private readonly IPEndPoint _groupEndPoint;
    private readonly (uint Network, uint Mask) _onLink;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<long> _sentHashes = new();
    private readonly Random _random;
    private readonly Task _receiveLoop;
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

        _onLink = OnLinkRange(address);
        _groupEndPoint = new IPEndPoint(Group, options.Port);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Share a fixed port (5353) with other responders on the machine. Never for port 0: on Linux this sets
            // SO_REUSEPORT, and an ephemeral bind could then be handed a port another socket already holds.
            if (options.Port != 0)
            {
                _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            _socket.Bind(new IPEndPoint(IPAddress.Any, options.Port));

            // Multicast leaves through the chosen interface only, never a default route.
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, BitConverter.ToInt32(address.GetAddressBytes(), 0));
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(Group, address));
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
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

            await SendResponsesAsync(goodbyes, _groupEndPoint).ConfigureAwait(false);
        }

        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
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
                await SendResponsesAsync(EstablishedRecords(), _groupEndPoint).ConfigureAwait(false);
                _ready.TrySetResult(true);
                await time.DelayAsync(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                await SendResponsesAsync(EstablishedRecords(), _groupEndPoint).ConfigureAwait(false);
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
                await SendAsync(DnsMessageWriter.Write(message), _groupEndPoint).ConfigureAwait(false);
                candidate = new DnsMessage();
                candidate.Questions.AddRange(questions);
                candidate.Authorities.AddRange(proposed);
            }

            message = candidate;
        }

        if (message.Questions.Count > 0)
        {
            await SendAsync(DnsMessageWriter.Write(message), _groupEndPoint).ConfigureAwait(false);
        }
    }

    // Multicast or QU responses: ID 0, no questions, authoritative, records in Answer, split to fit.
    private async Task SendResponsesAsync(List<DnsRecord> records, IPEndPoint to)
    {
        var message = NewResponse();
        foreach (var record in records)
        {
            message.Answers.Add(record);
            if (message.Answers.Count > 1 && DnsMessageWriter.Measure(message) > MaxPacket)
            {
                message.Answers.RemoveAt(message.Answers.Count - 1);
                await SendAsync(DnsMessageWriter.Write(message), to).ConfigureAwait(false);
                message = NewResponse();
                message.Answers.Add(record);
            }
        }

        if (message.Answers.Count > 0)
        {
            await SendAsync(DnsMessageWriter.Write(message), to).ConfigureAwait(false);
        }

        static DnsMessage NewResponse() => new() { IsResponse = true, Authoritative = true };
    }

    private async Task SendAsync(byte[] packet, IPEndPoint to)
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
            await _socket.SendToAsync(new ArraySegment<byte>(packet), SocketFlags.None, to).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Nothing to do: mDNS is best effort.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[DnsMessageReader.MaxPacketLength + 1];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(new ArraySegment<byte>(buffer), SocketFlags.None, any).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.MessageSize or SocketError.ConnectionReset or SocketError.ConnectionRefused)
            {
                continue;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            var remote = (IPEndPoint)received.RemoteEndPoint;
            var packet = buffer.AsSpan(0, received.ReceivedBytes);
            if (!IsOnLink(remote.Address) || IsOwn(packet))
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
                    await AnswerAsync(message, remote).ConfigureAwait(false);
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

    private async Task AnswerAsync(DnsMessage query, IPEndPoint remote)
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
                        all.Where(r => DnsName.Equal(r.Name, answer.Target!) || (r.Type == DnsType.A && DnsName.Equal(r.Name, owner.Host + Local))),
                    DnsType.Srv => all.Where(r => r.Type == DnsType.A && DnsName.Equal(r.Name, answer.Target!)),
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
            await SendAsync(DnsMessageWriter.Write(reply), remote).ConfigureAwait(false);
            return;
        }

        // Probes for our names are defended at once by multicast; QU questions are answered by unicast.
        var to = !isProbe && query.Questions.All(q => q.UnicastResponse) ? remote : _groupEndPoint;
        await SendResponsesAsync(answers.Concat(additionals).ToList(), to).ConfigureAwait(false);
    }

    private static bool KnownAnswer(DnsMessage query, DnsRecord record, bool legacy) =>
        !legacy && query.Answers.Any(k => k.Type == record.Type && DnsName.Equal(k.Name, record.Name) && k.SameData(record) && k.Ttl >= record.Ttl / 2);

    private bool IsOnLink(IPAddress source)
    {
        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        if (source.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var value = ToUInt32(source);
        return (value & _onLink.Mask) == _onLink.Network;
    }

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

    private static (uint Network, uint Mask) OnLinkRange(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return (0x7F000000u, 0xFF000000u);
        }

        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.Equals(address))
                {
                    var mask = ToUInt32(unicast.IPv4Mask);
                    return (ToUInt32(address) & mask, mask);
                }
            }
        }

        throw new ArgumentException($"No local interface has the address {address}.", nameof(address));
    }

    private static uint ToUInt32(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
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
                new() { Name = host, Type = DnsType.A, CacheFlush = true, Ttl = HostTtl, Address = _device.ControlEndPoint.Address },
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
