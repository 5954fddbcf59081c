using System;
using System.Text;

namespace ShureDrivers.Internal;

/// <summary>Byte-to-string conversions for the wire.</summary>
internal static class AsciiText
{
    /// <summary>The bytes as an upper-case ASCII string (callers pass at most a frame's length).</summary>
    public static unsafe string UpperString(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        Span<char> chars = bytes.Length <= 512 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            chars[i] = (char)(b is >= (byte)'a' and <= (byte)'z' ? b - 32 : b);
        }

        fixed (char* p = chars)
        {
            return new string(p, 0, chars.Length);
        }
    }

    /// <summary>
    /// Decodes the inside of braces. The device speaks 7-bit ASCII; anything else is decoded as UTF-8 leniently, and
    /// control characters become U+FFFD so a name can never carry a line break into a log or a second frame.
    /// </summary>
    public static unsafe string DecodeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        var printable = true;
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E)
            {
                printable = false;
                break;
            }
        }

        string text;
        fixed (byte* p = bytes)
        {
            text = (printable ? Encoding.ASCII : Encoding.UTF8).GetString(p, bytes.Length);
        }

        if (printable)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    public static unsafe string Ascii(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        fixed (byte* p = bytes)
        {
            return Encoding.ASCII.GetString(p, bytes.Length);
        }
    }
}
