using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace ShureDrivers.Discovery.Dns;

/// <summary>Writes DNS messages with name compression. Throws <see cref="InvalidOperationException"/> if a message would exceed the size limit.</summary>
public sealed class DnsMessageWriter
{
    private readonly byte[] _buffer;
    // Ordinal: a pointer reuses an exact spelling only, so answers keep their published case.
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private int _position;

    /// <summary>A writer whose packet may grow to <paramref name="maxLength"/> bytes.</summary>
    public DnsMessageWriter(int maxLength = DnsMessageReader.MaxPacketLength) => _buffer = new byte[maxLength];

    /// <summary>Bytes written so far.</summary>
    public int Length => _position;

    /// <summary>Encodes <paramref name="message"/> with name compression.</summary>
    public static byte[] Write(DnsMessage message, int maxLength = DnsMessageReader.MaxPacketLength)
    {
        var writer = new DnsMessageWriter(maxLength);
        writer.WriteMessage(message);
        return writer.ToArray();
    }

    /// <summary>The size <paramref name="message"/> would take, without compression across messages.</summary>
    public static int Measure(DnsMessage message) => Write(message).Length;

    /// <summary>A copy of the bytes written so far.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _position).ToArray();

    /// <summary>Appends <paramref name="m"/> (header, then every section).</summary>
    public void WriteMessage(DnsMessage m)
    {
        var flags = (m.IsResponse ? 0x8000 : 0) | ((m.Opcode & 0xF) << 11) | (m.Authoritative ? 0x0400 : 0)
            | (m.Truncated ? 0x0200 : 0) | (m.RecursionDesired ? 0x0100 : 0) | (m.ResponseCode & 0xF);
        WriteUInt16(m.Id);
        WriteUInt16((ushort)flags);
        WriteUInt16((ushort)m.Questions.Count);
        WriteUInt16((ushort)m.Answers.Count);
        WriteUInt16((ushort)m.Authorities.Count);
        WriteUInt16((ushort)m.Additionals.Count);
        foreach (var q in m.Questions)
        {
            WriteName(q.Name);
            WriteUInt16((ushort)q.Type);
            WriteUInt16((ushort)(q.Class | (q.UnicastResponse ? 0x8000 : 0)));
        }

        foreach (var r in m.AllRecords)
        {
            WriteRecord(r);
        }
    }

    private void WriteRecord(DnsRecord r)
    {
        WriteName(r.Name);
        WriteUInt16((ushort)r.Type);
        WriteUInt16((ushort)(r.Class | (r.CacheFlush ? 0x8000 : 0)));
        WriteUInt32(r.Ttl);
        var lengthAt = _position;
        WriteUInt16(0);
        var start = _position;
        switch (r.Type)
        {
            case DnsType.A or DnsType.Aaaa:
                WriteBytes(r.Address?.GetAddressBytes() ?? throw new InvalidOperationException("An address record needs an address."));
                break;
            case DnsType.Ptr:
                WriteName(r.Target ?? throw new InvalidOperationException("PTR needs a target."));
                break;
            case DnsType.Srv:
                WriteUInt16(r.Priority);
                WriteUInt16(r.Weight);
                WriteUInt16(r.Port);
                WriteName(r.Target ?? throw new InvalidOperationException("SRV needs a target."));
                break;
            case DnsType.Txt:
                // RFC 6763 §6.1: an empty TXT record is one empty string.
                var strings = r.Text.Count == 0 ? [string.Empty] : r.Text;
                foreach (var s in strings)
                {
                    var bytes = Encoding.UTF8.GetBytes(s);
                    if (bytes.Length > 255)
                    {
                        throw new InvalidOperationException("A TXT string holds at most 255 bytes.");
                    }

                    WriteByte((byte)bytes.Length);
                    WriteBytes(bytes);
                }

                break;
            case DnsType.Nsec:
                // RFC 6762 §6.1: the next-domain name is written uncompressed.
                WriteName(r.Target ?? r.Name, compress: false);
                WriteTypeBitmap(r.Types);
                break;
            default:
                WriteBytes(r.RawData);
                break;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(lengthAt), (ushort)(_position - start));
    }

    private void WriteTypeBitmap(IReadOnlyList<DnsType> types)
    {
        var windows = new SortedDictionary<int, byte[]>();
        foreach (var t in types)
        {
            var value = (int)t;
            if (!windows.TryGetValue(value >> 8, out var bitmap))
            {
                bitmap = new byte[32];
                windows[value >> 8] = bitmap;
            }

            bitmap[(value & 0xFF) >> 3] |= (byte)(0x80 >> (value & 7));
        }

        foreach (var pair in windows)
        {
            var window = pair.Key;
            var bitmap = pair.Value;
            var length = 32;
            while (length > 1 && bitmap[length - 1] == 0)
            {
                length--;
            }

            WriteByte((byte)window);
            WriteByte((byte)length);
            WriteBytes(bitmap.AsSpan(0, length));
        }
    }

    private void WriteName(string name, bool compress = true)
    {
        var labels = DnsName.Labels(name);
        for (var i = 0; i < labels.Count; i++)
        {
            var suffix = string.Join(".", labels.GetRange(i, labels.Count - i).ConvertAll(DnsName.EscapeLabel));
            if (compress && _names.TryGetValue(suffix, out var pointer))
            {
                WriteUInt16((ushort)(0xC000 | pointer));
                return;
            }

            if (compress && _position < 0x3FFF)
            {
                _names[suffix] = _position;
            }

            var bytes = Encoding.UTF8.GetBytes(labels[i]);
            if (bytes.Length is 0 or > DnsName.MaxLabelLength)
            {
                throw new InvalidOperationException($"Label '{labels[i]}' must be 1 to 63 bytes.");
            }

            WriteByte((byte)bytes.Length);
            WriteBytes(bytes);
        }

        WriteByte(0);
    }

    private void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), value);
        _position += 2;
    }

    private void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    private void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    private void Ensure(int count)
    {
        if (_position + count > _buffer.Length)
        {
            throw new InvalidOperationException($"The message does not fit in {_buffer.Length} bytes.");
        }
    }
}
