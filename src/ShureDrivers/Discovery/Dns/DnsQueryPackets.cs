using System.Collections.Generic;

namespace ShureDrivers.Discovery.Dns;

/// <summary>
/// Queries that fit in packets of a given size: questions spread over as many queries as they need, and the known
/// answers after them, continued in further packets with the TC bit set on every one but the last (RFC 6762 §7.2).
/// </summary>
internal static class DnsQueryPackets
{
    public static List<byte[]> Build(IEnumerable<DnsQuestion> questions, IEnumerable<DnsRecord> knownAnswers, ushort id, int maxLength)
    {
        var packets = new List<byte[]>();
        var message = new DnsMessage { Id = id };
        foreach (var question in questions)
        {
            message.Questions.Add(question);
            if (!Fits(message, maxLength) && message.Questions.Count > 1)
            {
                message.Questions.RemoveAt(message.Questions.Count - 1);
                packets.Add(DnsMessageWriter.Write(message, maxLength));
                message = new DnsMessage { Id = id };
                message.Questions.Add(question);
            }
        }

        foreach (var answer in knownAnswers)
        {
            message.Answers.Add(answer);
            if (!Fits(message, maxLength) && message.Questions.Count + message.Answers.Count > 1)
            {
                message.Answers.RemoveAt(message.Answers.Count - 1);
                message.Truncated = true;
                packets.Add(DnsMessageWriter.Write(message, maxLength));
                message = new DnsMessage { Id = id };
                message.Answers.Add(answer);
            }
        }

        packets.Add(DnsMessageWriter.Write(message, maxLength));
        return packets;
    }

    private static bool Fits(DnsMessage message, int maxLength) =>
        DnsMessageWriter.Write(message, DnsMessageReader.MaxPacketLength).Length <= maxLength;
}
