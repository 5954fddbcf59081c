namespace ShureDrivers.Protocol;

/// <summary>The syntactic kind of a value in a command-string frame.</summary>
public enum CommandValueKind
{
    /// <summary>No value (a GET, an action SET, a toggle).</summary>
    None,

    /// <summary>An unsigned decimal number. Padding is a wire detail: <c>0035</c> parses to 35.</summary>
    Number,

    /// <summary>A bare token such as <c>ON</c>, <c>LINE_LVL</c>, <c>1+2/3+4</c> or a MAC address.</summary>
    Token,

    /// <summary>A string that travels in braces, padded on the wire; held here without braces or padding.</summary>
    Text,
}
