namespace ShureDrivers.Internal;

/// <summary>The device's MAC text form: 17 characters, upper-case hex pairs joined by colons.</summary>
internal static class MacAddressText
{
    public static bool IsValid(string text)
    {
        if (text.Length != 17)
        {
            return false;
        }

        for (var i = 0; i < 17; i++)
        {
            var c = text[i];
            var ok = i % 3 == 2 ? c == ':' : AsciiChars.IsDigit(c) || c is >= 'A' and <= 'F';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
