namespace ShureDrivers.Discovery.Dns;

/// <summary>Record types the codec understands; others are carried as raw data.</summary>
public enum DnsType : ushort
{
    /// <summary>IPv4 address.</summary>
    A = 1,
#pragma warning disable CA1720 // The RFC 1035 mnemonic.
    /// <summary>Domain name pointer.</summary>
    Ptr = 12,
#pragma warning restore CA1720
    /// <summary>Text strings.</summary>
    Txt = 16,
    /// <summary>IPv6 address.</summary>
    Aaaa = 28,
    /// <summary>Service location.</summary>
    Srv = 33,
    /// <summary>Next secure: the types a name has (negative answers).</summary>
    Nsec = 47,
    /// <summary>Any type (queries only).</summary>
    Any = 255,
}
