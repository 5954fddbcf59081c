using System;
using System.Globalization;

namespace ShureDrivers.Soak;

/// <summary>What one soak run does: how many faults, with which seed, over which transport, firmware profile and model.</summary>
internal sealed record SoakOptions(int Faults, int Seed, string Transport, string Profile, int Workers, string Model)
{
    public static SoakOptions Parse(string[] args)
    {
        var faults = 300;
        var seed = 1;
        var transport = "memory";
        var profile = "documented";
        var workers = 8;
        var model = "ANI4OUT";
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
                case "--model": model = Next().ToUpperInvariant(); break;
                default: throw new ArgumentException($"Unknown argument {args[i]}. Use --faults N --seed S --transport memory|tcp --profile NAME --workers N --model ANI4OUT|ANI4IN.");
            }
        }

        if (faults is < 1 or > 1_000_000 || workers is < 1 or > 256 || transport is not ("memory" or "tcp") || model is not ("ANI4OUT" or "ANI4IN"))
        {
            throw new ArgumentException("--faults 1..1000000, --workers 1..256, --transport memory|tcp, --model ANI4OUT|ANI4IN.");
        }

        return new SoakOptions(faults, seed, transport, profile, workers, model);
    }
}
