using System;
using System.IO;
using Spectre.Console;

namespace ShureDrivers.Cli;

/// <summary>Where a command reads and writes, so tests can run commands in-process.</summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, TextReader input, bool errorIsTerminal = false, IAnsiConsole? terminal = null)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error, Console.In, !Console.IsErrorRedirected, Console.IsOutputRedirected ? null : AnsiConsole.Console);

    /// <summary>Whether <see cref="Error"/> is a terminal, where a status line may be redrawn in place.</summary>
    public bool ErrorIsTerminal { get; } = errorIsTerminal;

    /// <summary>Standard output as a terminal, for live views (meter bars, tables); null when it is redirected: plain lines then.</summary>
    public IAnsiConsole? Terminal { get; } = terminal;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public TextReader In { get; } = input;
}
