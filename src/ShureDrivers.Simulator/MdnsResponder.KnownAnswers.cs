using System;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Internal;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

// RFC 6762 §7.2: a query with the TC bit is continued by known-answer packets from the same querier; the responder
// waits 400-500 ms, gathers them, and answers the whole, so that a browser holding 250 answers is not answered by
// the 200 devices whose records did not fit in its first packet.
public sealed partial class MdnsResponder
{
    private const int MaxGatheredQueries = 64;
    private const int MaxGatheredRecords = 4096;
    private readonly Dictionary<IPEndPoint, DnsMessage> _gathering = [];

    /// <summary>True when <paramref name="query"/> was kept to be answered with the rest of its known answers.</summary>
    private bool GatherKnownAnswers(DnsMessage query, IPEndPoint remote, MdnsLink link)
    {
        lock (_gathering)
        {
            if (_gathering.TryGetValue(remote, out var gathered))
            {
                // A continuation (TC set but for the last): its questions and known answers join the first packet's.
                if (gathered.Questions.Count + gathered.Answers.Count + query.Questions.Count + query.Answers.Count <= MaxGatheredRecords)
                {
                    gathered.Questions.AddRange(query.Questions);
                    gathered.Answers.AddRange(query.Answers);
                }

                return true;
            }

            if (!query.Truncated || query.Questions.Count == 0 || _gathering.Count >= MaxGatheredQueries)
            {
                return false;
            }

            var first = new DnsMessage { Id = query.Id };
            first.Questions.AddRange(query.Questions);
            first.Answers.AddRange(query.Answers);
            _gathering.Add(remote, first);
        }

        _ = AnswerGatheredAsync(remote, link);
        return true;
    }

    private async Task AnswerGatheredAsync(IPEndPoint remote, MdnsLink link)
    {
        int wait;
        lock (_random)
        {
            wait = _random.Next(400, 501);
        }

        try
        {
            await _options.TimeProvider.DelayAsync(TimeSpan.FromMilliseconds(wait), _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // stopping: the table goes with the responder
        }

        DnsMessage? query;
        lock (_gathering)
        {
            if (!_gathering.TryGetValue(remote, out query))
            {
                return;
            }

            _gathering.Remove(remote);
        }

        try
        {
            await AnswerAsync(query, remote, link).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // A reply that cannot be built is not sent.
        }
    }
}
