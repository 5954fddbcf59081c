using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ShureDrivers.Cli.Probe;

/// <summary><c>shure probe</c>'s output: a Markdown report fit to attach to a bug report, and the same data for <c>--json</c>.</summary>
internal static class ProbeReport
{
    public static string Markdown(ProbeResult r)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# shure probe: {r.Target}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Device: {r.Model ?? "unknown model"}, firmware {r.Firmware ?? "unknown"}, serial {r.Serial ?? "unknown"}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Probed: {r.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {r.Duration.TotalSeconds:0.0} s, {(r.WritesTested ? "with --writes (every value put back and read back)" : "read-only (GETs only)")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- {r.Summary}");
        md.AppendLine();
        md.AppendLine("Question numbers are those of docs/hardware-questions.md.");
        md.AppendLine();
        md.AppendLine("| # | Question | Answer |");
        md.AppendLine("| --- | --- | --- |");
        foreach (var a in r.Answers)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {a.Id} | {Cell(a.Question)} | {Cell(a.Answer)} |");
        }

        Bullets(md, "Also seen", r.Notes);
        Bullets(md, "Put back by --writes", r.Restored);

        md.AppendLine();
        md.AppendLine("## Every GET");
        md.AppendLine();
        md.AppendLine("| GET | Result |");
        md.AppendLine("| --- | --- |");
        foreach (var (key, kind) in r.Gets)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{key}` | {kind} |");
        }

        md.AppendLine();
        md.AppendLine("## Evidence (frames as sent and received)");
        foreach (var a in r.Answers.Where(a => a.Evidence.Count > 0))
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"### {a.Id}");
            md.AppendLine();
            md.AppendLine("```");
            foreach (var line in a.Evidence)
            {
                md.AppendLine(TerminalText.Safe(line));
            }

            md.AppendLine("```");
        }

        return md.ToString();
    }

    /// <summary>The body of the <c>probe</c> JSON document (docs/cli-json.md).</summary>
    public static object Json(ProbeResult r) => new
    {
        target = r.Target,
        model = r.Model,
        firmware = r.Firmware,
        serial = r.Serial,
        started = r.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        seconds = System.Math.Round(r.Duration.TotalSeconds, 1),
        writes = r.WritesTested,
        summary = r.Summary,
        answered = r.AnsweredCount,
        questions = r.Answers.Select(a => new { id = a.Id, question = a.Question, answered = a.Answered, answer = a.Answer, evidence = a.Evidence }).ToArray(),
        gets = r.Gets.Select(g => new { get = g.Key, result = g.Value }).ToArray(),
        restored = r.Restored.ToArray(),
        notes = r.Notes.ToArray(),
    };

    private static void Bullets(StringBuilder md, string title, List<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## {title}");
        md.AppendLine();
        foreach (var line in lines)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {Cell(line)}");
        }
    }

    private static string Cell(string text) => TerminalText.Safe(text).Replace("|", "\\|", System.StringComparison.Ordinal);
}
