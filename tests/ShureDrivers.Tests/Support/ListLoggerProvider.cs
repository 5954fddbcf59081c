using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace ShureDrivers.Tests.Support;

/// <summary>Collects log entries so tests can assert on event IDs and messages.</summary>
public sealed class ListLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private readonly List<(string Category, LogLevel Level, EventId Id, string Message, Exception? Exception)> _entries = [];

    public IReadOnlyList<(string Category, LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToList();
            }
        }
    }

    public IEnumerable<string> MessagesFor(int eventId) => Entries.Where(e => e.Id.Id == eventId).Select(e => e.Message);

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._entries)
            {
                owner._entries.Add((category, logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }
}
