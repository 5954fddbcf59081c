using System;
using System.Globalization;

namespace ShureDrivers.Soak;

/// <summary>What one soak run does: how many faults, with which seed, over which transport and firmware profile.</summary>
internal sealed record SoakOptions(int Faults, int Seed, string Transport, string Profile, int Workers)
{
    public static SoakOptions Parse(string[] args)
    {
        var faults = 300;
        var seed = 1;
        var transport = "memory";
        var profile = "documented";
        var workers = 8;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--faults": faults = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--transport": transport = Next(); break;
                case "--profile": profile = Next(); break;
                case "--workers": workers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown argument {args[i]}. Use --faults N --seed S --transport memory|tcp --profile NAME --workers N.");
            }
        }

        if (faults is < 1 or > 1_000_000 || workers is < 1 or > 256 || transport is not ("memory" or "tcp"))
        {
            throw new ArgumentException("--faults 1..1000000, --workers 1..256, --transport memory|tcp.");
        }

        return new SoakOptions(faults, seed, transport, profile, workers);
    }
}
