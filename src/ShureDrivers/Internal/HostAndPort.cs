using System;
using System.Globalization;

namespace ShureDrivers.Internal;

/// <summary>Parses <c>host</c>, <c>host:port</c>, <c>1.2.3.4:port</c>, <c>[v6]:port</c> and bare IPv6 addresses.</summary>
internal static class HostAndPort
{
    public static (string Host, int? Port) Parse(string text)
    {
        Guard.NotNull(text, nameof(text));
        var t = text.Trim();
        if (t.Length == 0 || t.Length > 255)
        {
            throw new ArgumentException("A host is 1 to 255 characters.", nameof(text));
        }

        foreach (var c in t)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '{' or '}' or '/' or '\\')
            {
                throw new ArgumentException($"'{AsciiChars.Printable(t)}' is not a host name or address.", nameof(text));
            }
        }

        if (t[0] == '[')
        {
            var close = t.AsSpan().IndexOf(']');
            if (close < 0)
            {
                throw new ArgumentException($"'{t}' is missing ']'.", nameof(text));
            }

            var host = t.Substring(1, close - 1);
            return close == t.Length - 1 ? (host, null) : (host, ParsePort(t.Substring(close + 1).TrimStart(':'), t));
        }

        var colon = t.LastIndexOf(':');
        if (colon < 0 || t.AsSpan().IndexOf(':') != colon)
        {
            return (t, null); // no port, or a bare IPv6 address
        }

        return (t.Substring(0, colon), ParsePort(t.Substring(colon + 1), t));
    }

    private static int ParsePort(string port, string whole)
    {
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
        {
            throw new ArgumentException($"'{whole}' has no valid port (1..65535).", nameof(port));
        }

        return value;
    }
}
