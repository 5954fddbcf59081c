namespace ShureDrivers.Protocol;

/// <summary>The form of a command-string frame.</summary>
public enum CommandKind
{
    /// <summary><c>&lt; GET … &gt;</c>: the controller asks for a value.</summary>
    Get,

    /// <summary><c>&lt; SET … &gt;</c>: the controller changes a value or triggers an action.</summary>
    Set,

    /// <summary><c>&lt; REP … &gt;</c>: the device reports a value, as an answer or because it changed.</summary>
    Report,

    /// <summary><c>&lt; SAMPLE … &gt;</c>: a metering line sent at the meter rate.</summary>
    Sample,

    /// <summary><c>&lt; REP ERR &gt;</c>: the device rejected a command. It names neither parameter nor channel.</summary>
    Error,
}
