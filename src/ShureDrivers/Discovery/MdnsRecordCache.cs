using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using ShureDrivers.Discovery.Dns;

namespace ShureDrivers.Discovery;

/// <summary>
/// The browser's records, each with its expiry and the address it came from: TTLs honoured, a goodbye (TTL 0)
/// kept for one second (RFC 6762 §10.1), known answers listed for the next query (§7.1), and what only a lost link
/// told us forgotten. Bounded by <see cref="MdnsQuerier.MaxRecords"/>. Not thread-safe: the browser holds its lock.
/// Time is a <see cref="TimeProvider"/> timestamp, so tests drive it without sockets or clocks.
/// </summary>
internal sealed class MdnsRecordCache
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly long _frequency;
    private readonly int _capacity;

    /// <param name="timestampFrequency">Ticks per second of the timestamps passed in (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    /// <param name="capacity">The most records held; new ones beyond it are dropped, known ones still refreshed.</param>
    public MdnsRecordCache(long timestampFrequency, int capacity = MdnsQuerier.MaxRecords)
    {
        _frequency = timestampFrequency;
        _capacity = capacity;
    }

    public int Count => _entries.Count;

    /// <summary>The records held now, goodbyes (TTL 0) among them until they expire.</summary>
    public List<DnsRecord> Records => _entries.Values.Select(e => e.Record).ToList();

    /// <summary>Takes every record of a response from <paramref name="source"/>, received at <paramref name="now"/>.</summary>
    public void Add(IEnumerable<DnsRecord> records, IPAddress source, long now)
    {
        foreach (var r in records)
        {
            // A goodbye (TTL 0) expires the record in one second (RFC 6762 §10.1).
            var seconds = r.Ttl == 0 ? 1 : (double)r.Ttl;
            var key = Key(r);
            if (_entries.Count < _capacity || _entries.ContainsKey(key))
            {
                _entries[key] = new Entry(r, now + (long)(seconds * _frequency), source);
            }
        }
    }

    /// <summary>Drops what has expired at <paramref name="now"/>; true when something went.</summary>
    public bool Expire(long now) => RemoveWhere(e => e.Expires <= now);

    /// <summary>Drops every record whose source is no longer on a browsed link (the link went); true when something went.</summary>
    public bool ForgetOffLink(Func<IPAddress, bool> isOnLink) => RemoveWhere(e => !isOnLink(e.Source));

    /// <summary>
    /// The PTR records of <paramref name="services"/> held with more than half their TTL left, with the TTL that
    /// remains: the known answers of the next query (RFC 6762 §7.1). At most <paramref name="max"/>.
    /// </summary>
    public List<DnsRecord> KnownAnswers(IReadOnlyCollection<string> services, long now, int max)
    {
        var known = new List<DnsRecord>();
        foreach (var (record, expires, _) in _entries.Values)
        {
            var left = (expires - now) / (double)_frequency;
            if (known.Count < max && record.Type == DnsType.Ptr && record.Ttl > 0 && left > record.Ttl / 2.0 && services.Any(s => DnsName.Equal(s, record.Name)))
            {
                known.Add(record.WithTtl((uint)left));
            }
        }

        return known;
    }

    private static string Key(DnsRecord r) =>
        r.Name + "|" + (int)r.Type + "|" + r.Address + "|" + r.Target + "|" + r.Port + "|" + string.Join("\u0001", r.Text);

    private bool RemoveWhere(Func<Entry, bool> gone)
    {
        var keys = _entries.Where(p => gone(p.Value)).Select(p => p.Key).ToList();
        foreach (var key in keys)
        {
            _entries.Remove(key);
        }

        return keys.Count > 0;
    }

    private readonly record struct Entry(DnsRecord Record, long Expires, IPAddress Source);
}
