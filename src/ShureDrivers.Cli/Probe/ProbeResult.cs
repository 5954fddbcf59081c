using System;
using System.Collections.Generic;
using System.Linq;

namespace ShureDrivers.Cli.Probe;

/// <summary>Everything one probe found: the answers by question, the profile that plays it, and what it touched.</summary>
internal sealed class ProbeResult
{
    public required string Target { get; init; }

    public DateTimeOffset Started { get; init; }

    public TimeSpan Duration { get; set; }

    public string? Model { get; set; }

    public string? Firmware { get; set; }

    public string? Serial { get; set; }

    public bool WritesTested { get; init; }

    public List<ProbeAnswer> Answers { get; } = [];

    /// <summary>Every GET key and what it got (REP, REP ERR, no reply).</summary>
    public SortedDictionary<string, string> Gets { get; } = new(StringComparer.Ordinal);

    /// <summary>What else the probe saw that a question does not cover (the device closing the connection, CR LF needed).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>What <c>--writes</c> changed and whether each value was put back (read back).</summary>
    public List<string> Restored { get; } = [];

    /// <summary>The profile file's text (SimulatorProfile JSON), or null when nothing was learned.</summary>
    public string? ProfileJson { get; set; }

    public int AnsweredCount => Answers.Count(a => a.Answered);

    public string Summary =>
        $"Summary: {AnsweredCount} of {Answers.Count} questions answered, {Answers.Count - AnsweredCount} not answered; {Gets.Count(g => g.Value == ProbeOutcome.Reply)} GETs answered, {Gets.Count(g => g.Value == ProbeOutcome.Rejected)} rejected, {Gets.Count(g => g.Value == ProbeOutcome.Silence)} unanswered; {Duration.TotalSeconds:0.0} s.";
}
