using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Internal;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

// Probing and announcing (RFC 6762 §8): claim each name, rename on conflict, then announce; conflicts seen later are defended.
public sealed partial class MdnsResponder
{
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
                    List<MdnsAdvertisement> probing;
                    lock (_gate)
                    {
                        probing = _devices.Where(d => !d.Established).ToList();
                        probing.ForEach(d => d.Conflict = false);
                    }

                    if (probing.Count == 0)
                    {
                        break;
                    }

                    int first;
                    lock (_random)
                    {
                        first = _random.Next(0, 250);
                    }

                    await time.DelayAsync(TimeSpan.FromMilliseconds(first), token).ConfigureAwait(false);
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

    private async Task SendProbesAsync(List<MdnsAdvertisement> probing, bool unicastResponse)
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
}
