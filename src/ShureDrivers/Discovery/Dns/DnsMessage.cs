using System.Collections.Generic;

namespace ShureDrivers.Discovery.Dns;

/// <summary>A DNS message: header fields and the four sections.</summary>
public sealed class DnsMessage
{
    /// <summary>The message ID (0 in multicast DNS).</summary>
    public ushort Id { get; set; }

    /// <summary>True for a response (QR bit).</summary>
    public bool IsResponse { get; set; }

    /// <summary>The opcode (0 for a standard query).</summary>
    public byte Opcode { get; set; }

    /// <summary>The AA bit: set on every mDNS response.</summary>
    public bool Authoritative { get; set; }

    /// <summary>The TC bit: more known answers follow in another packet.</summary>
    public bool Truncated { get; set; }

    /// <summary>The RD bit (unused in mDNS).</summary>
    public bool RecursionDesired { get; set; }

    /// <summary>The response code (0 in mDNS).</summary>
    public byte ResponseCode { get; set; }

    /// <summary>The question section.</summary>
    public List<DnsQuestion> Questions { get; } = [];

    /// <summary>The answer section.</summary>
    public List<DnsRecord> Answers { get; } = [];

    /// <summary>The authority section (proposed records while probing).</summary>
    public List<DnsRecord> Authorities { get; } = [];

    /// <summary>The additional section.</summary>
    public List<DnsRecord> Additionals { get; } = [];

    /// <summary>Every record of the three record sections, answers first.</summary>
    public IEnumerable<DnsRecord> AllRecords
    {
        get
        {
            foreach (var r in Answers)
            {
                yield return r;
            }

            foreach (var r in Authorities)
            {
                yield return r;
            }

            foreach (var r in Additionals)
            {
                yield return r;
            }
        }
    }
}
