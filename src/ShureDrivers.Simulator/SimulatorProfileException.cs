using System;
using System.Collections.Generic;
using System.Linq;

namespace ShureDrivers.Simulator;

/// <summary>A firmware profile file that cannot be used: every problem, each with its JSON path. Nothing was changed.</summary>
public sealed class SimulatorProfileException : Exception
{
    /// <summary>Creates the exception from its problems (<c>$.path: message</c>).</summary>
    public SimulatorProfileException(IReadOnlyList<string> problems)
        : base("The simulator profile file is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, each starting with its JSON path (<c>$.gets.FLASH: …</c>).</summary>
    public IReadOnlyList<string> Problems { get; }
}
