using System.Collections.Generic;

namespace ShureDrivers.Cli.Probe;

/// <summary>The answer to one numbered hardware question: what the wire showed, or why it is not answered and what would answer it.</summary>
internal sealed record ProbeAnswer(string Id, string Question, bool Answered, string Answer, IReadOnlyList<string> Evidence);
