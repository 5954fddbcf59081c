using System;
using System.IO;
using Microsoft.Extensions.Logging;

namespace ShureDrivers.Cli;

/// <summary>
/// The library's logging on standard error for <c>-v</c>: one line per message, with the level and the category's
/// last part (at trace, the wire: <c>127.0.0.1:2202 -&gt; &lt; GET 1 AUDIO_GAIN_HI_RES &gt;</c>). Control characters
/// in messages are escaped.
/// </summary>
internal sealed class StderrLogger(TextWriter error, string category, LogLevel minimum) : ILogger
{
    private readonly string _category = category[(category.LastIndexOf('.') + 1)..];

    public static ILoggerFactory Factory(TextWriter error, LogLevel minimum) =>
        LoggerFactory.Create(b => b.SetMinimumLevel(minimum).AddProvider(new Provider(error, minimum)));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"{Short(logLevel)} {_category}: {TerminalText.Safe(formatter(state, exception))}" + (exception is null ? string.Empty : " (" + TerminalText.Safe(exception.Message) + ")");
        lock (error)
        {
            error.WriteLine(line);
        }
    }

    private static string Short(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Provider(TextWriter error, LogLevel minimum) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new StderrLogger(error, categoryName, minimum);

        public void Dispose()
        {
        }
    }
}
