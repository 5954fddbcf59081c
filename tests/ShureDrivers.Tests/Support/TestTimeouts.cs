using System;

namespace ShureDrivers.Tests.Support;

/// <summary>Bounds for waiting on signals that should arrive promptly. Generous, so slow CI machines do not flake.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Signal = TimeSpan.FromSeconds(10);
}
