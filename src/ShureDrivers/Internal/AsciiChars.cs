using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace ShureDrivers.Internal;

/// <summary>Character classes of the command-string grammar.</summary>
internal static class AsciiChars
{
    public static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static bool IsUpper(char c) => c is >= 'A' and <= 'Z';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>Printable 7-bit ASCII, space included.</summary>
    public static bool IsPrintable(char c) => c is >= ' ' and <= '~';

    /// <summary>A parameter name as we send it: an upper-case letter, then upper-case letters, digits and underscores.</summary>
    public static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !IsUpper(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsUpper(c) && !IsDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A bare value token as we send it.</summary>
    public static bool IsToken(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!IsUpper(c) && !IsDigit(c) && c is not ('_' or '+' or '/' or ':' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Finds the first character that must never go inside braces: anything outside printable ASCII, and the four
    /// framing characters. Returns -1 when the text is safe.
    /// </summary>
    public static int IndexOfUnsafeTextChar(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsPrintable(c) || c is '<' or '>' or '{' or '}')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A copy of <paramref name="text"/> safe to put in an exception message: unprintable characters escaped, long text cut.</summary>
    public static string Printable(string text, int max = 80)
    {
        var sb = new StringBuilder(Math.Min(text.Length, max) + 8);
        foreach (var c in text)
        {
            if (sb.Length >= max)
            {
                sb.Append('…');
                break;
            }

            if (IsPrintable(c))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>An ArgumentException's message without the " (Parameter 'x')" suffix .NET appends.</summary>
    public static string MessageOnly(ArgumentException ex)
    {
        var at = ex.Message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return at >= 0 ? ex.Message.Substring(0, at) : ex.Message;
    }
}
