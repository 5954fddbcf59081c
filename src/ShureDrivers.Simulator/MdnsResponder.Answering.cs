using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Networking;
using ShureDrivers.Internal;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

// Answering queries: QM, QU and legacy unicast, with known-answer suppression and packets split to fit.
public sealed partial class MdnsResponder
{
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

    private async Task ReceiveLoopAsync(MdnsLink link)
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
                else if (message.Opcode == 0 && !GatherKnownAnswers(message, remote, link))
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

    private async Task AnswerAsync(DnsMessage query, IPEndPoint remote, MdnsLink link)
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
                    DnsType.Ptr => all.Where(r => r.Type is DnsType.Srv or DnsType.Txt && DnsName.Equal(r.Name, answer.Target!))
                        .SelectMany(r => r.Type == DnsType.Srv ? all.Where(a => a.Type is DnsType.A or DnsType.Aaaa && DnsName.Equal(a.Name, r.Target!)).Prepend(r) : [r]),
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

        // RFC 6762 §6: a multicast answer holding a shared record (a PTR, which every device on the link may give)
        // waits 20-120 ms at random, so that a link of many devices does not answer in one burst.
        if (_options.DelaySharedAnswers && !isProbe && to == link.Group && answers.Any(r => r.Type == DnsType.Ptr))
        {
            int wait;
            lock (_random)
            {
                wait = _random.Next(20, 121);
            }

            try
            {
                await _options.TimeProvider.DelayAsync(TimeSpan.FromMilliseconds(wait), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await SendResponsesAsync(answers.Concat(additionals).ToList(), packet => SendAsync(packet, link, to)).ConfigureAwait(false);
    }

    private static bool KnownAnswer(DnsMessage query, DnsRecord record, bool legacy) =>
        !legacy && query.Answers.Any(k => k.Type == record.Type && DnsName.Equal(k.Name, record.Name) && k.SameData(record) && k.Ttl >= record.Ttl / 2);
}
