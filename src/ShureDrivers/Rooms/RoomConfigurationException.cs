using System;
using System.Collections.Generic;
using System.Linq;

namespace ShureDrivers.Rooms;

/// <summary>A room file is invalid. <see cref="Problems"/> lists every problem found, each with its JSON path.</summary>
public sealed class RoomConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RoomConfigurationException(IReadOnlyList<RoomProblem> problems)
        : base("The room configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<RoomProblem> Problems { get; }
}
