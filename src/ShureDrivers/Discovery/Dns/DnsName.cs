using System;
using System.Collections.Generic;
using System.Text;

namespace ShureDrivers.Discovery.Dns;

/// <summary>
/// Domain names as dotted strings without the final dot. A dot or backslash inside a label (DNS-SD instance names
/// may hold dots) is escaped with a backslash. Comparison is ASCII case-insensitive, as DNS requires.
/// </summary>
internal static class DnsName
{
    public const int MaxLength = 255;
    public const int MaxLabelLength = 63;

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
