using System.Globalization;
using System.Text;

namespace ShureDrivers.Cli;

/// <summary>Text from files and devices made safe for a terminal: control characters become <c>\xNN</c> / <c>\uNNNN</c>, so no escape sequence reaches the user's terminal.</summary>
internal static class TerminalText
{
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var clean = true;
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (!char.IsControl(c))
            {
                escaped.Append(c);
            }
            else if (c <= 0xFF)
            {
                escaped.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }
}
