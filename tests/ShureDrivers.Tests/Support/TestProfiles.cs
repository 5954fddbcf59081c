using System.Linq;
using ShureDrivers.Simulator;

namespace ShureDrivers.Tests.Support;

/// <summary>The firmware profiles test fixtures run across, named once.</summary>
public static class TestProfiles
{
    /// <summary>Every built-in profile.</summary>
    public static readonly string[] All = [.. SimulatorProfile.All.Select(p => p.Name)];

    /// <summary>The profiles that answer without clock time of their own (no reply delays, nothing ignored), for arithmetic on a fake clock.</summary>
    public static readonly string[] AnsweringAtOnce = ["documented", "strict", "sibling", "limited"];
}
