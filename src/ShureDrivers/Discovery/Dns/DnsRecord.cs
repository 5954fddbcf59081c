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
internal sealed class DnsRecord
{
    public const ushort ClassIn = 1;

    public required string Name { get; init; }

    public required DnsType Type { get; init; }

    public ushort Class { get; init; } = ClassIn;

    /// <summary>The mDNS cache-flush bit (top bit of the class): this record replaces others of its name and type.</summary>
    public bool CacheFlush { get; init; }

    public uint Ttl { get; init; }

    public IPAddress? Address { get; init; }

    public string? Target { get; init; }

    public ushort Priority { get; init; }

    public ushort Weight { get; init; }

    public ushort Port { get; init; }

    public IReadOnlyList<string> Text { get; init; } = Array.Empty<string>();

    public IReadOnlyList<DnsType> Types { get; init; } = Array.Empty<DnsType>();

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

    public override string ToString() => $"{Name} {Type} ttl={Ttl} {Address}{Target}{(Type == DnsType.Srv ? ":" + Port : string.Empty)}{string.Join(" ", Text)}";
}
