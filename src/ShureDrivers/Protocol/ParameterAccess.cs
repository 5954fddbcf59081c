using System;

namespace ShureDrivers.Protocol;

/// <summary>Which request forms a parameter supports.</summary>
[Flags]
public enum ParameterAccess
{
    /// <summary>No request form.</summary>
    None = 0,

    /// <summary><c>GET</c>.</summary>
    Get = 1,

    /// <summary><c>SET</c> with a value (or an action without one).</summary>
    Set = 2,

    /// <summary><c>SET … INC n</c> and <c>SET … DEC n</c>.</summary>
    IncrementDecrement = 4,

    /// <summary><c>SET … TOGGLE</c>.</summary>
    Toggle = 8,
}
