namespace ShureDrivers.Discovery.Dns;

/// <summary>One question. <see cref="UnicastResponse"/> is the mDNS QU bit (top bit of the class).</summary>
public sealed record DnsQuestion(string Name, DnsType Type, bool UnicastResponse = false, ushort Class = DnsRecord.ClassIn);
