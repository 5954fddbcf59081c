using System.Globalization;
using System.Text;

namespace ShureDrivers.Benchmarks;

/// <summary>Realistic receive streams: what an ANI4OUT sends during a resync with metering running.</summary>
internal static class WireStreams
{
    /// <summary>A mixed stream: half SAMPLE lines, half REPs (braced padded names, gains, mutes, levels, presets).</summary>
    public static byte[] Mixed(int frames, out int frameCount)
    {
        var sb = new StringBuilder();
        frameCount = 0;
        for (var i = 0; frameCount < frames; i++)
        {
            var ch = (i % 4) + 1;
            switch (i % 8)
            {
                case 0:
                    sb.Append("< REP ").Append(ch).Append(" CHAN_NAME {").Append(("Output " + ch).PadRight(31)).Append("} >");
                    break;
                case 1:
                    sb.Append("< REP ").Append(ch).Append(" AUDIO_GAIN_HI_RES ").Append((1000 + i % 400).ToString("D4", CultureInfo.InvariantCulture)).Append(" >");
                    break;
                case 2:
                    sb.Append("< REP ").Append(ch).Append(" AUDIO_MUTE ").Append(i % 3 == 0 ? "ON" : "OFF").Append(" >");
                    break;
                case 3:
                    sb.Append("< REP PRESET").Append(ch).Append(" {").Append(("Preset " + ch).PadRight(25)).Append("} >");
                    break;
                default:
                    sb.Append("< SAMPLE ").Append(Level(i)).Append(' ').Append(Level(i + 1)).Append(' ').Append(Level(i + 2)).Append(' ').Append(Level(i + 3)).Append(" >");
                    break;
            }

            frameCount++;
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>Only SAMPLE lines.</summary>
    public static byte[] Samples(int frames)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < frames; i++)
        {
            sb.Append("< SAMPLE ").Append(Level(i)).Append(' ').Append(Level(i + 1)).Append(' ').Append(Level(i + 2)).Append(' ').Append(Level(i + 3)).Append(" >");
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static string Level(int i) => (i * 7 % 61).ToString("D3", CultureInfo.InvariantCulture);
}
