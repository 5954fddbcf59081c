using System.Collections.Generic;

namespace ShureDrivers.Discovery.Dns;

/// <summary>A DNS message: header fields and the four sections.</summary>
internal sealed class DnsMessage
{
    public ushort Id { get; set; }

    public bool IsResponse { get; set; }

    public byte Opcode { get; set; }

    public bool Authoritative { get; set; }

    public bool Truncated { get; set; }

    public bool RecursionDesired { get; set; }

    public byte ResponseCode { get; set; }

    public List<DnsQuestion> Questions { get; } = [];

    public List<DnsRecord> Answers { get; } = [];

    public List<DnsRecord> Authorities { get; } = [];

    public List<DnsRecord> Additionals { get; } = [];

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
