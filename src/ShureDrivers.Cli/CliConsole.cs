using System;
using System.IO;

namespace ShureDrivers.Cli;

/// <summary>Where a command reads and writes, so tests can run commands in-process.</summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, TextReader input, bool errorIsTerminal = false)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error, Console.In, !Console.IsErrorRedirected);

    /// <summary>Whether <see cref="Error"/> is a terminal, where a status line may be redrawn in place.</summary>
    public bool ErrorIsTerminal { get; } = errorIsTerminal;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public TextReader In { get; } = input;
}
