namespace ShureDrivers.Internal;

/// <summary>Tokens of the command-string grammar, interned once.</summary>
internal static class Tokens
{
    public const string Get = "GET";
    public const string Set = "SET";
    public const string Rep = "REP";
    public const string Sample = "SAMPLE";
    public const string Err = "ERR";
    public const string On = "ON";
    public const string Off = "OFF";
    public const string Toggle = "TOGGLE";
    public const string Inc = "INC";
    public const string Dec = "DEC";
}
