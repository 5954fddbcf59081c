using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;

namespace ShureDrivers.Discovery.Dns;

/// <summary>
/// Reads DNS messages strictly: every length is bounds-checked, compression pointers must point strictly
/// backwards (so they cannot loop), names and labels are length-limited, and section counts are capped. A
/// malformed packet yields false and a reason; nothing is thrown.
/// </summary>
public static class DnsMessageReader
{
    /// <summary>Largest packet read (RFC 6762 §17 allows up to 9000 bytes).</summary>
    public const int MaxPacketLength = 9000;

    /// <summary>Most questions read from one packet; more make it malformed.</summary>
    public const int MaxQuestions = 64;

    /// <summary>Most records read from one packet; more make it malformed.</summary>
    public const int MaxRecords = 256;

    private const int MaxTxtStrings = 64;
    private const int MaxPointerJumps = 64;

    /// <summary>Parses a packet; never throws. On failure <paramref name="error"/> says why and <paramref name="message"/> is null.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out DnsMessage? message, out string? error)
    {
        message = null;
        try
        {
            error = Read(packet, out message);
            return error is null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IndexOutOfRangeException or DecoderFallbackException)
        {
            // Defence in depth: every read is bounds-checked, but a bug must never escape a receive loop.
            message = null;
            error = "malformed: " + ex.GetType().Name;
            return false;
        }
    }

    private static string? Read(ReadOnlySpan<byte> packet, out DnsMessage? message)
    {
        message = null;
        if (packet.Length < 12)
        {
            return "shorter than a header";
        }

        if (packet.Length > MaxPacketLength)
        {
            return "longer than 9000 bytes";
        }

        var flags = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2));
        int qd = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(4));
        int an = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(6));
        int ns = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(8));
        int ar = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(10));
        if (qd > MaxQuestions || an + ns + ar > MaxRecords)
        {
            return "too many entries";
        }

        var m = new DnsMessage
        {
            Id = BinaryPrimitives.ReadUInt16BigEndian(packet),
            IsResponse = (flags & 0x8000) != 0,
            Opcode = (byte)((flags >> 11) & 0xF),
            Authoritative = (flags & 0x0400) != 0,
            Truncated = (flags & 0x0200) != 0,
            RecursionDesired = (flags & 0x0100) != 0,
            ResponseCode = (byte)(flags & 0xF),
        };

        var offset = 12;
        for (var i = 0; i < qd; i++)
        {
            if (!TryReadName(packet, ref offset, out var name) || offset + 4 > packet.Length)
            {
                return "bad question";
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset));
            var cls = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2));
            offset += 4;
            m.Questions.Add(new DnsQuestion(name, (DnsType)type, (cls & 0x8000) != 0, (ushort)(cls & 0x7FFF)));
        }

        foreach (var (count, section) in new[] { (an, m.Answers), (ns, m.Authorities), (ar, m.Additionals) })
        {
            for (var i = 0; i < count; i++)
            {
                var error = TryReadRecord(packet, ref offset, out var record);
                if (error is not null)
                {
                    return error;
                }

                section.Add(record!);
            }
        }

        message = m;
        return null;
    }

    private static string? TryReadRecord(ReadOnlySpan<byte> packet, ref int offset, out DnsRecord? record)
    {
        record = null;
        if (!TryReadName(packet, ref offset, out var name) || offset + 10 > packet.Length)
        {
            return "bad record header";
        }

        var type = (DnsType)BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset));
        var cls = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2));
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(offset + 4));
        int length = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 8));
        offset += 10;
        var start = offset;
        var end = start + length;
        if (end > packet.Length)
        {
            return "record data runs past the packet";
        }

        var data = packet.Slice(start, length);
        IPAddress? address = null;
        string? target = null;
        ushort priority = 0, weight = 0, port = 0;
        var text = new List<string>();
        var types = new List<DnsType>();
        byte[] raw = [];
        var cursor = start;
        switch (type)
        {
            case DnsType.A when length == 4:
                address = new IPAddress(data.ToArray());
                break;
            case DnsType.Aaaa when length == 16:
                address = new IPAddress(data.ToArray());
                break;
            case DnsType.A or DnsType.Aaaa:
                return "address of the wrong length";
            case DnsType.Ptr:
                if (!TryReadName(packet, ref cursor, out target) || cursor != end)
                {
                    return "bad PTR";
                }

                break;
            case DnsType.Srv:
                if (length < 7)
                {
                    return "bad SRV";
                }

                priority = BinaryPrimitives.ReadUInt16BigEndian(data);
                weight = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2));
                port = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(4));
                cursor += 6;
                if (!TryReadName(packet, ref cursor, out target) || cursor != end)
                {
                    return "bad SRV target";
                }

                break;
            case DnsType.Txt:
                for (var i = 0; i < length;)
                {
                    int n = data[i];
                    if (i + 1 + n > length || text.Count == MaxTxtStrings)
                    {
                        return "bad TXT";
                    }

                    text.Add(Encoding.UTF8.GetString(data.Slice(i + 1, n).ToArray()));
                    i += 1 + n;
                }

                break;
            case DnsType.Nsec:
                if (!TryReadName(packet, ref cursor, out target) || cursor > end)
                {
                    return "bad NSEC";
                }

                while (cursor < end)
                {
                    if (cursor + 2 > end)
                    {
                        return "bad NSEC bitmap";
                    }

                    int window = packet[cursor];
                    int bitmapLength = packet[cursor + 1];
                    if (bitmapLength is 0 or > 32 || cursor + 2 + bitmapLength > end)
                    {
                        return "bad NSEC bitmap";
                    }

                    for (var b = 0; b < bitmapLength; b++)
                    {
                        var bits = packet[cursor + 2 + b];
                        for (var bit = 0; bit < 8; bit++)
                        {
                            if ((bits & (0x80 >> bit)) != 0)
                            {
                                types.Add((DnsType)((window * 256) + (b * 8) + bit));
                            }
                        }
                    }

                    cursor += 2 + bitmapLength;
                }

                break;
            default:
                raw = data.ToArray();
                break;
        }

        offset = end;
        record = new DnsRecord
        {
            Name = name,
            Type = type,
            Class = (ushort)(cls & 0x7FFF),
            CacheFlush = (cls & 0x8000) != 0,
            Ttl = ttl,
            Address = address,
            Target = target,
            Priority = priority,
            Weight = weight,
            Port = port,
            Text = text,
            Types = types,
            RawData = raw,
        };
        return null;
    }

    /// <summary>Reads a possibly compressed name starting at <paramref name="offset"/>, leaving it after the name's bytes in place.</summary>
    internal static bool TryReadName(ReadOnlySpan<byte> packet, ref int offset, [NotNullWhen(true)] out string? name)
    {
        name = null;
        var sb = new StringBuilder();
        var position = offset;
        var end = -1;
        var wireLength = 1;
        var jumps = 0;
        while (true)
        {
            if (position >= packet.Length)
            {
                return false;
            }

            int length = packet[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= packet.Length || ++jumps > MaxPointerJumps)
                {
                    return false;
                }

                var pointer = ((length & 0x3F) << 8) | packet[position + 1];

                // Strictly backwards: a pointer can never reach itself or anything after it, so no loops.
                if (pointer >= position)
                {
                    return false;
                }

                if (end < 0)
                {
                    end = position + 2;
                }

                position = pointer;
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                return false; // 0x40 and 0x80 label types are obsolete or unassigned.
            }

            if (length == 0)
            {
                offset = end < 0 ? position + 1 : end;
                name = sb.ToString();
                return true;
            }

            wireLength += length + 1;
            if (length > DnsName.MaxLabelLength || wireLength > DnsName.MaxLength || position + 1 + length > packet.Length)
            {
                return false;
            }

            if (sb.Length > 0)
            {
                sb.Append('.');
            }

            sb.Append(DnsName.EscapeLabel(Encoding.UTF8.GetString(packet.Slice(position + 1, length).ToArray())));
            position += 1 + length;
        }
    }
}
