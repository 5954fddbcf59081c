using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace ShureDrivers.Discovery.Dns;

/// <summary>
/// One resource record. The data fields used depend on <see cref="Type"/>: A/AAAA use <see cref="Address"/>; PTR
/// uses <see cref="Target"/>; SRV uses <see cref="Priority"/>, <see cref="Weight"/>, <see cref="Port"/> and
/// <see cref="Target"/>; TXT uses <see cref="Text"/>; NSEC uses <see cref="Target"/> (next name) and
/// <see cref="Types"/>; anything else keeps <see cref="RawData"/>.
/// </summary>
public sealed class DnsRecord
{
    /// <summary>The Internet class.</summary>
    public const ushort ClassIn = 1;

    /// <summary>The owner name.</summary>
    public required string Name { get; init; }

    /// <summary>The record type.</summary>
    public required DnsType Type { get; init; }

    /// <summary>The class, without the cache-flush bit.</summary>
    public ushort Class { get; init; } = ClassIn;

    /// <summary>The mDNS cache-flush bit (top bit of the class): this record replaces others of its name and type.</summary>
    public bool CacheFlush { get; init; }

    /// <summary>Time to live in seconds; 0 is a goodbye.</summary>
    public uint Ttl { get; init; }

    /// <summary>A and AAAA: the address.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>PTR and SRV: the target name.</summary>
    public string? Target { get; init; }

    /// <summary>SRV: the priority.</summary>
    public ushort Priority { get; init; }

    /// <summary>SRV: the weight.</summary>
    public ushort Weight { get; init; }

    /// <summary>SRV: the port.</summary>
    public ushort Port { get; init; }

    /// <summary>TXT: the strings.</summary>
    public IReadOnlyList<string> Text { get; init; } = Array.Empty<string>();

    /// <summary>NSEC: the types the owner has.</summary>
    public IReadOnlyList<DnsType> Types { get; init; } = Array.Empty<DnsType>();

    /// <summary>Any other type: the record data as sent.</summary>
    public byte[] RawData { get; init; } = Array.Empty<byte>();

    /// <summary>True when both records hold the same data (name, type, class and TTL aside).</summary>
    public bool SameData(DnsRecord other) =>
        Type == other.Type
        && Equals(Address, other.Address)
        && string.Equals(Target, other.Target, StringComparison.OrdinalIgnoreCase)
        && Priority == other.Priority && Weight == other.Weight && Port == other.Port
        && Text.SequenceEqual(other.Text, StringComparer.Ordinal)
        && Types.SequenceEqual(other.Types)
        && RawData.AsSpan().SequenceEqual(other.RawData);

    /// <summary>A copy with another TTL and, if given, cache-flush bit.</summary>
    public DnsRecord WithTtl(uint ttl, bool? cacheFlush = null) => new()
    {
        Name = Name,
        Type = Type,
        Class = Class,
        CacheFlush = cacheFlush ?? CacheFlush,
        Ttl = ttl,
        Address = Address,
        Target = Target,
        Priority = Priority,
        Weight = Weight,
        Port = Port,
        Text = Text,
        Types = Types,
        RawData = RawData,
    };

    /// <summary>The record in a one-line presentation form.</summary>
    public override string ToString() => $"{Name} {Type} ttl={Ttl} {Address}{Target}{(Type == DnsType.Srv ? ":" + Port : string.Empty)}{string.Join(" ", Text)}";
}
