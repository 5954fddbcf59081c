namespace ShureDrivers.Protocol;

/// <summary>What kind of value a parameter carries.</summary>
public enum ParameterValueKind
{
    /// <summary>No value: an action such as <c>REBOOT</c>.</summary>
    None,

    /// <summary>A zero-padded decimal number of fixed width.</summary>
    Number,

    /// <summary><c>ON</c> or <c>OFF</c>.</summary>
    Switch,

    /// <summary>One of a fixed list of tokens.</summary>
    Enumeration,

    /// <summary>A braced string, space-padded to a fixed width in reports.</summary>
    Text,

    /// <summary>A token whose spelling is not documented (accepted as any token).</summary>
    Token,

    /// <summary>A MAC address <c>xx:xx:xx:xx:xx:xx</c>, upper-case hex, without braces.</summary>
    MacAddress,

    /// <summary>A request for many reports (<c>ALL</c>).</summary>
    Dump,
}
