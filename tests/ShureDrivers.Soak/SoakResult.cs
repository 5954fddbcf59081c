using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;

namespace ShureDrivers.Soak;

/// <summary>What a soak run counted. Every counter is updated with Interlocked by the workers and the fault loop.</summary>
internal sealed class SoakResult
{
    private readonly ConcurrentQueue<string> _examples = new();
    private int _exampleCount;

    public long Faults;
    public long Commands;
    public long Succeeded;
    public long TypedErrors;
    public long UntypedErrors;
    public long Lost;
    public long WrongResults;
    public long RejectionsNotMade;
    public long Checks;
    public long Mismatches;
    public long Unobserved;
    public long MemoryAfterWarmUp;
    public long MemoryAtEnd;
    public TimeSpan Elapsed;

    public ConcurrentDictionary<string, long> FaultsByKind { get; } = new(StringComparer.Ordinal);

    /// <summary>The managed heap after a full collection at each state check (workers paused, link resynchronised).</summary>
    public ConcurrentQueue<long> HeapAtChecks { get; } = new();

    public ConcurrentDictionary<string, long> ErrorsByType { get; } = new(StringComparer.Ordinal);

    public bool IsClean => Lost == 0 && WrongResults == 0 && Mismatches == 0 && Unobserved == 0 && UntypedErrors == 0;

    public static void Count(ConcurrentDictionary<string, long> counts, string key) => counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    /// <summary>Keeps the first few problems verbatim, for the report.</summary>
    public void Example(string text)
    {
        if (Interlocked.Increment(ref _exampleCount) <= 10)
        {
            _examples.Enqueue(text);
        }
    }

    public string Format(SoakOptions options)
    {
        var s = new StringBuilder();
        string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        s.AppendLine(CultureInfo.InvariantCulture, $"soak: seed {options.Seed}, transport {options.Transport}, profile {options.Profile}, model {options.Model}, {options.Workers} workers, {Elapsed.TotalSeconds:0.0} s");
        s.AppendLine(CultureInfo.InvariantCulture, $"faults injected      {N(Faults)}  ({string.Join(", ", FaultsByKind.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {N(p.Value)}"))})");
        s.AppendLine(CultureInfo.InvariantCulture, $"commands issued      {N(Commands)}");
        s.AppendLine(CultureInfo.InvariantCulture, $"  succeeded          {N(Succeeded)}");
        s.AppendLine(CultureInfo.InvariantCulture, $"  typed errors       {N(TypedErrors)}  ({string.Join(", ", ErrorsByType.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {N(p.Value)}"))})");
        s.AppendLine(CultureInfo.InvariantCulture, $"  untyped errors     {N(UntypedErrors)}");
        s.AppendLine(CultureInfo.InvariantCulture, $"  lost               {N(Lost)}");
        s.AppendLine(CultureInfo.InvariantCulture, $"wrong results        {N(WrongResults)}");
        s.AppendLine(CultureInfo.InvariantCulture, $"gain SETs reported rejected that the device took: {N(RejectionsNotMade)} (an unsolicited REP ERR with one command in flight cannot be told from a rejection)");
        s.AppendLine(CultureInfo.InvariantCulture, $"state checks         {N(Checks)}, mismatches after resync {N(Mismatches)}");
        s.AppendLine(CultureInfo.InvariantCulture, $"unobserved task exceptions {N(Unobserved)}");
        s.AppendLine(CultureInfo.InvariantCulture, $"managed heap         {MemoryAfterWarmUp / 1024.0 / 1024.0:0.0} MB after warm-up, {MemoryAtEnd / 1024.0 / 1024.0:0.0} MB at the end");
        var heaps = HeapAtChecks.ToArray();
        if (heaps.Length > 2)
        {
            // The first check is before the workers start; the harness's own bookkeeping fills during the first minutes.
            var later = heaps.Skip(heaps.Length / 2).ToArray();
            s.AppendLine(CultureInfo.InvariantCulture, $"heap at checks (MB)  {string.Join(" ", heaps.Select(h => (h / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)))}");
            s.AppendLine(CultureInfo.InvariantCulture, $"second half of the run: {later.Min() / 1024.0 / 1024.0:0.0} to {later.Max() / 1024.0 / 1024.0:0.0} MB");
        }
        foreach (var example in _examples)
        {
            s.AppendLine("  problem: " + example);
        }

        s.Append(IsClean ? "RESULT: clean" : "RESULT: FAILED");
        return s.ToString();
    }
}
