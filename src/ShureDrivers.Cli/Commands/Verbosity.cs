using System;
using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace ShureDrivers.Cli.Commands;

/// <summary>
/// <c>-v</c> / <c>--verbosity</c> on every command: the library's logging on standard error. <c>-v</c> alone is
/// debug; <c>-v trace</c> adds every frame on the wire.
/// </summary>
internal static class Verbosity
{
    private static readonly string[] Levels = ["error", "warning", "info", "debug", "trace"];

    // One factory per command line, however many parts of a command ask for it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ParseResult, ILoggerFactory> Factories = new();

    public static Option<string?> Create()
    {
        var option = new Option<string?>("--verbosity", "-v")
        {
            Description = "Log to stderr: error, warning, info, debug (the default for -v alone) or trace (every frame on the wire).",
            Arity = ArgumentArity.ZeroOrOne,
            Recursive = true,
        };
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && Array.IndexOf(Levels, r.Tokens[0].Value) < 0)
            {
                r.AddError($"--verbosity takes {string.Join(", ", Levels)}, not '{r.Tokens[0].Value}'.");
            }
        });
        return option;
    }

    /// <summary>The logger factory <paramref name="parse"/> asks for, or null when logging is off.</summary>
    public static ILoggerFactory? LoggerFactory(ParseResult parse, CliConsole console) =>
        Find(parse) is { } result ? Factories.GetValue(parse, _ => Create(result, console)) : null;

    private static ILoggerFactory Create(System.CommandLine.Parsing.OptionResult result, CliConsole console)
    {
        var level = result.Tokens.Count == 0 ? "debug" : result.Tokens[0].Value;
        return StderrLogger.Factory(console.Error, level switch
        {
            "error" => LogLevel.Error,
            "warning" => LogLevel.Warning,
            "info" => LogLevel.Information,
            "trace" => LogLevel.Trace,
            _ => LogLevel.Debug,
        });
    }

    private static System.CommandLine.Parsing.OptionResult? Find(ParseResult parse)
    {
        foreach (var option in parse.RootCommandResult.Command.Options)
        {
            if (option.Name == "--verbosity" && parse.GetResult(option) is { Implicit: false } result)
            {
                return result;
            }
        }

        return null;
    }
}
