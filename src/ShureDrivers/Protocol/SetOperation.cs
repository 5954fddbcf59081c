namespace ShureDrivers.Protocol;

/// <summary>How a <see cref="CommandKind.Set"/> frame changes its parameter.</summary>
public enum SetOperation
{
    /// <summary>Assigns the value (or triggers an action when there is no value).</summary>
    Assign,

    /// <summary><c>INC n</c>: raises the value by n device units.</summary>
    Increment,

    /// <summary><c>DEC n</c>: lowers the value by n device units.</summary>
    Decrement,

    /// <summary><c>TOGGLE</c>: flips a switch.</summary>
    Toggle,
}
