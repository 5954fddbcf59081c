using System;
using System.IO;

namespace ShureDrivers.Cli;

/// <summary>Where a command reads and writes, so tests can run commands in-process.</summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, TextReader input)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error, Console.In);

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public TextReader In { get; } = input;
}
