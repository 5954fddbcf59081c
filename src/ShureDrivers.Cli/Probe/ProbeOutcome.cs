using System;
using System.Collections.Generic;

namespace ShureDrivers.Cli.Probe;

/// <summary>What one request got: its answer (a REP, or REP ERR), or nothing within the timeout; and how long it took.</summary>
internal sealed record ProbeOutcome(string Request, string Kind, ProbeFrame? Answer, TimeSpan Elapsed, IReadOnlyList<ProbeFrame> Frames)
{
    public const string Reply = "REP";
    public const string Rejected = "REP ERR";
    public const string Silence = "no reply";
    public const string Closed = "closed";

    public bool IsReply => Kind == Reply;

    /// <summary>The evidence line: request, then what came back.</summary>
    public string Evidence => $"{Request} -> {(Answer is { } a ? a.Text : Kind)} ({Elapsed.TotalMilliseconds:0} ms)";
}
