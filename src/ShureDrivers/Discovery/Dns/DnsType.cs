namespace ShureDrivers.Discovery.Dns;

/// <summary>Record types the codec understands; others are carried as raw data.</summary>
internal enum DnsType : ushort
{
    A = 1,
    Ptr = 12,
    Txt = 16,
    Aaaa = 28,
    Srv = 33,
    Nsec = 47,
    Any = 255,
}
