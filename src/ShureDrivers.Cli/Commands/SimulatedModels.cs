using System;
using System.Collections.Generic;
using System.Linq;
using ShureDrivers.Simulator;

namespace ShureDrivers.Cli.Commands;

/// <summary>
/// <c>simulate --model</c>: which interfaces a fleet plays and their variant. A comma-separated list of models, each
/// <c>ANI4OUT</c> or <c>ANI4IN</c> with an optional <c>-XLR</c>/<c>-BLOCK</c>; devices take them in turn, so
/// <c>ANI4OUT,ANI4IN</c> is a mixed fleet. <c>xlr</c> and <c>block</c> alone mean the ANI4OUT's, as before.
/// </summary>
internal static class SimulatedModels
{
    /// <summary>Parses <paramref name="text"/>; the families in turn and the one variant, or the problem.</summary>
    public static (IReadOnlyList<SimulatedFamily> Families, Ani4OutModel Variant)? TryParse(string? text, out string? problem)
    {
        problem = null;
        var families = new List<SimulatedFamily>();
        Ani4OutModel? variant = null;
        foreach (var token in (text ?? string.Empty).Split(',').Select(t => t.Trim().ToUpperInvariant()))
        {
            var (family, rest) = token.StartsWith("ANI4OUT", StringComparison.Ordinal) ? (SimulatedFamily.Ani4Out, token.Substring(7))
                : token.StartsWith("ANI4IN", StringComparison.Ordinal) ? (SimulatedFamily.Ani4In, token.Substring(6))
                : (SimulatedFamily.Ani4Out, "-" + token);
            Ani4OutModel? tokenVariant = null;
            if (rest == "-XLR")
            {
                tokenVariant = Ani4OutModel.Xlr;
            }
            else if (rest == "-BLOCK")
            {
                tokenVariant = Ani4OutModel.Block;
            }
            else if (rest.Length > 0 || token.Length == 0)
            {
                problem = $"--model takes ANI4OUT, ANI4IN (each with -XLR or -BLOCK), xlr or block, comma-separated; not '{TerminalText.Safe(token)}'.";
                return null;
            }

            if (tokenVariant is { } v && variant is { } seen && seen != v)
            {
                problem = "--model: every device of one fleet is XLR or every one BLOCK.";
                return null;
            }

            variant ??= tokenVariant;
            families.Add(family);
        }

        return (families, variant ?? Ani4OutModel.Xlr);
    }
}
