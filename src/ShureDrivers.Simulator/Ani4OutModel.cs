namespace ShureDrivers.Simulator;

/// <summary>The ANI4OUT variant the simulator reports in <c>MODEL</c>.</summary>
public enum Ani4OutModel
{
    /// <summary><c>ANI4OUT-XLR</c>: XLR outputs.</summary>
    Xlr,

    /// <summary><c>ANI4OUT-BLOCK</c>: block-connector outputs.</summary>
    Block,
}
