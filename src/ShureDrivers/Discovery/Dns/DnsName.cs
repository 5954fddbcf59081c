using System;
using System.Collections.Generic;
using System.Text;

namespace ShureDrivers.Discovery.Dns;

/// <summary>
/// Domain names as dotted strings without the final dot. A dot or backslash inside a label (DNS-SD instance names
/// may hold dots) is escaped with a backslash. Comparison is ASCII case-insensitive, as DNS requires.
/// </summary>
public static class DnsName
{
    /// <summary>Longest name in presentation form (RFC 1035).</summary>
    public const int MaxLength = 255;
    /// <summary>Longest label (RFC 1035).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>DNS name equality: ASCII case-insensitive.</summary>
    public static bool Equal(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Splits a dotted name into labels, honouring escapes.</summary>
    public static List<string> Labels(string name)
    {
        var labels = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '\\' && i + 1 < name.Length)
            {
                current.Append(name[++i]);
            }
            else if (c == '.')
            {
                labels.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0 || labels.Count > 0)
        {
            labels.Add(current.ToString());
        }

        labels.RemoveAll(l => l.Length == 0);
        return labels;
    }

    /// <summary>Escapes dots and backslashes in an instance label (RFC 6763 §4.3).</summary>
    public static string EscapeLabel(string label)
    {
        if (label.AsSpan().IndexOfAny('.', '\\') < 0)
        {
            return label;
        }

        var sb = new StringBuilder(label.Length + 4);
        foreach (var c in label)
        {
            if (c is '.' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>The first label, unescaped (an instance or host name).</summary>
    public static string FirstLabel(string name)
    {
        var labels = Labels(name);
        return labels.Count == 0 ? string.Empty : labels[0];
    }
}
