using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ShureDrivers.Tests.Support;

/// <summary>A logger factory over the package's <see cref="FakeLoggerProvider"/>, so tests can assert on event IDs and messages.</summary>
public sealed class TestLogs : IDisposable
{
    private readonly FakeLoggerProvider _provider;

    /// <param name="time">The clock that stamps each record (the test's fake clock, to assert when something was logged).</param>
    public TestLogs(TimeProvider? time = null)
    {
        Collector = new FakeLogCollector(Microsoft.Extensions.Options.Options.Create(new FakeLogCollectorOptions { TimeProvider = time ?? TimeProvider.System }));
        _provider = new FakeLoggerProvider(Collector);
        Factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(_provider));
    }

    public FakeLogCollector Collector { get; }

    public ILoggerFactory Factory { get; }

    /// <summary>Every record so far with <paramref name="eventId"/>.</summary>
    public IEnumerable<FakeLogRecord> RecordsFor(int eventId) => Collector.GetSnapshot().Where(r => r.Id.Id == eventId);

    /// <summary>The messages of every record so far with <paramref name="eventId"/>.</summary>
    public IEnumerable<string> MessagesFor(int eventId) => RecordsFor(eventId).Select(r => r.Message);

    public void Dispose()
    {
        Factory.Dispose();
        _provider.Dispose();
    }
}
