using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers.Simulator;

// Firmware profiles as data: every behaviour a profile sets, written to and read from one JSON file, so a profile
// measured on real firmware (shure probe) plays in every test. Fields a file leaves out take the documented defaults.
public sealed partial class SimulatorProfile
{
    /// <summary>The <c>format</c> field of a profile file.</summary>
    public const string FileFormat = "shure-simulator-profile";

    /// <summary>Longest profile file read (1 MiB).</summary>
    public const int MaxFileLength = 1 << 20;

    private static readonly string[] TopLevel = ["format", "version", "name", "description", "source", "model", "requests", "reports", "gets", "dump", "replyDelayMs", "sessions", "defaultSettingsReply", "presets"];

    /// <summary>The key of one GET in <see cref="SimulatorOptions.GetResponses"/> and in profile files: the GET as written, without <c>&lt; GET</c> and <c>&gt;</c>.</summary>
    /// <example><c>GetKey(Ani4OutParameters.Flash)</c> is <c>FLASH</c>; <c>GetKey(Ani4OutParameters.LimiterEngaged, 2)</c> is <c>2 LIMITER_ENGAGED</c>; <c>GetKey(Ani4OutParameters.Peq, 1, 3)</c> is <c>1 PEQ 3</c>.</example>
    public static string GetKey(string name, int? channel = null, int? index = null) =>
        channel is not { } ch ? name
        : index is not { } ix ? ch.ToString(CultureInfo.InvariantCulture) + " " + name
        : ch.ToString(CultureInfo.InvariantCulture) + " " + name + " " + ix.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every GET key the ANI4OUT command table knows (one per value: channels 1..4, PEQ filters 1..4), in table order.</summary>
    public static IReadOnlyList<string> AllGetKeys { get; } = [.. AllValueKeys().Select(KeyText)];

    /// <summary>
    /// Every GET a profile file can give a response for on one model, as <c>shure probe</c> asks them (the ANI4OUT's
    /// are <see cref="AllGetKeys"/>).
    /// </summary>
    public static IReadOnlyList<string> GetKeysFor(SimulatedFamily family) => family == SimulatedFamily.Ani4In ? Ani4InGetKeys : AllGetKeys;

    /// <summary>Reads a profile file (at most <see cref="MaxFileLength"/> bytes).</summary>
    /// <exception cref="SimulatorProfileException">The file is not a valid profile; every problem has its JSON path.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SimulatorProfile Load(string path)
    {
        Guard.NotNull(path, nameof(path));
        using var stream = File.OpenRead(path);
        var buffer = new byte[MaxFileLength + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length > MaxFileLength)
        {
            throw new SimulatorProfileException([$"$: the file is longer than {MaxFileLength} bytes."]);
        }

        return Parse(Encoding.UTF8.GetString(buffer, 0, length), Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Reads a profile from its JSON text.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="fallbackName">The name when the file has none.</param>
    /// <exception cref="SimulatorProfileException">Not a valid profile; every problem has its JSON path.</exception>
    public static SimulatorProfile Parse(string json, string fallbackName = "file")
    {
        Guard.NotNull(json, nameof(json));
        if (json.Length > MaxFileLength)
        {
            throw new SimulatorProfileException([$"$: the text is longer than {MaxFileLength} characters."]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new SimulatorProfileException([$"$: not valid JSON ({ex.Message})"]);
        }

        using (document)
        {
            var reader = new ProfileReader(document.RootElement);
            var settings = reader.Read();
            if (reader.Problems.Count > 0)
            {
                throw new SimulatorProfileException(reader.Problems);
            }

            var name = reader.Name ?? fallbackName;
            return new SimulatorProfile(name, reader.Description ?? $"Loaded from a profile file ({name}).", settings) { Source = reader.Source };
        }
    }

    /// <summary>Where a loaded profile came from (its <c>source</c> field), or null for a built-in one.</summary>
    public string? Source { get; private init; }

    /// <summary>Writes the profile as a file: every behaviour it sets, every GET's response listed.</summary>
    public string ToJson()
    {
        var o = new SimulatorOptions();
        _apply(o);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", FileFormat);
            w.WriteNumber("version", 1);
            w.WriteString("name", Name);
            w.WriteString("description", Description);
            if (Source is not null)
            {
                w.WriteString("source", Source);
            }

            if (o.ReportedModel is not null)
            {
                w.WriteString("model", o.ReportedModel);
            }

            w.WriteStartObject("requests");
            w.WriteBoolean("lowerCase", o.AcceptLowerCase);
            w.WriteBoolean("twoDigitChannels", o.AcceptTwoDigitChannels);
            w.WriteBoolean("documentedSpellingOnly", o.StrictGrammar);
            w.WriteString("unsupported", o.UnsupportedRequests == UnsupportedRequestHandling.Reject ? "reject" : "ignore");
            w.WriteEndObject();
            w.WriteStartObject("reports");
            w.WriteBoolean("twoDigitChannels", o.TwoDigitChannelsInReports);
            w.WriteString("terminator", o.FrameTerminator);
            w.WriteString("emptyPresetName", o.EmptyPresetName);
            w.WriteBoolean("getRepliesToAllSessions", o.GetRepliesToAllSessions);
            w.WriteBoolean("samplesToAllSessions", o.SamplesToAllSessions);
            w.WriteEndObject();
            w.WriteStartObject("gets");
            foreach (var key in AllValueKeys())
            {
                w.WriteString(KeyText(key), ResponseFor(o, key).ToString().ToLowerInvariant());
            }

            w.WriteEndObject();
            w.WriteStartObject("dump");
            w.WriteBoolean("getZeroAll", o.AcceptGetZeroAll);
            w.WriteBoolean("getAll", o.AcceptGetAllWithoutChannel);
            w.WriteStartArray("omits");
            foreach (var key in o.DumpOmits.OrderBy(k => k, StringComparer.Ordinal))
            {
                w.WriteStringValue(key);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("replyDelayMs");
            w.WriteNumber("min", o.ReplyDelayMin.TotalMilliseconds);
            w.WriteNumber("max", o.ReplyDelayMax.TotalMilliseconds);
            w.WriteNumber("dumpFramePace", o.DumpFramePace.TotalMilliseconds);
            w.WriteEndObject();
            w.WriteStartObject("sessions");
            if (o.MaxSessions is { } max)
            {
                w.WriteNumber("max", max);
            }
            else
            {
                w.WriteNull("max");
            }

            w.WriteString("refusal", o.SessionRefusal == SessionRefusal.Reset ? "reset" : "acceptAndClose");
            w.WriteEndObject();
            w.WriteString("defaultSettingsReply", o.DefaultSettingsReply == DefaultSettingsReply.PresetZero ? "PRESET 00" : "DEFAULT_SETTINGS 00");
            w.WriteStartObject("presets");
            w.WriteBoolean("reportChangesOnRecall", o.ReportChangesOnPresetRecall);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllText(Guard.NotNull(path, nameof(path)), ToJson());

    // What firmware with these options does with the GET of one value.
    internal static GetResponse ResponseFor(SimulatorOptions o, ParameterKey key)
    {
        if (o.GetResponses.Count > 0 && o.GetResponses.TryGetValue(KeyText(key), out var listed))
        {
            return listed;
        }

        if (!o.AnswerUndocumentedGets && IsUndocumentedKey(key))
        {
            return o.UnsupportedRequests == UnsupportedRequestHandling.Reject ? GetResponse.Reject : GetResponse.Ignore;
        }

        return GetResponse.Answer;
    }

    internal static string KeyText(ParameterKey key) => GetKey(key.Name, key.Channel < 0 ? null : key.Channel, key.Index < 0 ? null : key.Index);

    // Values no ANI document shows a GET for (protocol audit 2026-12, finding 2): FLASH, METER_RATE, LIMITER_ENGAGED on 2 and 4.
    internal static bool IsUndocumentedKey(ParameterKey key) => key.Name switch
    {
        Ani4OutParameters.Flash or Ani4OutParameters.MeterRate => true,
        Ani4OutParameters.LimiterEngaged => key.Channel is 2 or 4,
        _ => false,
    };

    // Every value a GET can name, one key each, in table order (the level reads included: they are GETs too).
    private static IEnumerable<ParameterKey> AllValueKeys() => GetKeys.Of(Ani4OutCommandTable.Table, _ => true);

    private static readonly IReadOnlyList<string> Ani4InGetKeys = [.. GetKeys.Of(Ani4InCommandTable.Table, _ => true).Select(KeyText)];

    // One pass over the file: each field checked and applied, every problem kept with its path.
    private sealed class ProfileReader(JsonElement root)
    {
        // Both models' keys: one profile plays either.
        private static readonly HashSet<string> KnownKeys = new(AllValueKeys().Concat(GetKeys.Of(Ani4InCommandTable.Table, _ => true)).Select(KeyText), StringComparer.Ordinal);
        private readonly List<Action<SimulatorOptions>> _settings = [];

        public List<string> Problems { get; } = [];

        public string? Name { get; private set; }

        public string? Description { get; private set; }

        public string? Source { get; private set; }

        public Action<SimulatorOptions> Read()
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Problems.Add("$: a profile file is a JSON object.");
                return _ => { };
            }

            Unknown(root, "$", TopLevel);
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != FileFormat)
            {
                Problems.Add($"$.format: must be \"{FileFormat}\".");
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != 1)
            {
                Problems.Add("$.version: must be 1.");
            }

            Name = Text(root, "name", "$.name", 64, wire: false);
            Description = Text(root, "description", "$.description", 512, wire: false);
            Source = Text(root, "source", "$.source", 512, wire: false);
            if (Text(root, "model", "$.model", 32) is { } model)
            {
                _settings.Add(o => o.ReportedModel = model);
            }

            Section("requests", "$.requests", s =>
            {
                Bool(s, "lowerCase", "$.requests", (o, b) => o.AcceptLowerCase = b);
                Bool(s, "twoDigitChannels", "$.requests", (o, b) => o.AcceptTwoDigitChannels = b);
                Bool(s, "documentedSpellingOnly", "$.requests", (o, b) => o.StrictGrammar = b);
                Choice(s, "unsupported", "$.requests", ["reject", "ignore"], (o, c) => o.UnsupportedRequests = c == "reject" ? UnsupportedRequestHandling.Reject : UnsupportedRequestHandling.Ignore);
            });
            Section("reports", "$.reports", s =>
            {
                Bool(s, "twoDigitChannels", "$.reports", (o, b) => o.TwoDigitChannelsInReports = b);
                if (s.TryGetProperty("terminator", out var t))
                {
                    var text = t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
                    if (text is null || text.Length > 4 || text.Trim('\r', '\n', ' ', '\t').Length > 0)
                    {
                        Problems.Add("$.reports.terminator: at most 4 of CR, LF, space and tab.");
                    }
                    else
                    {
                        _settings.Add(o => o.FrameTerminator = text);
                    }
                }

                if (Text(s, "emptyPresetName", "$.reports.emptyPresetName", 25) is { } empty)
                {
                    _settings.Add(o => o.EmptyPresetName = empty);
                }

                Bool(s, "getRepliesToAllSessions", "$.reports", (o, b) => o.GetRepliesToAllSessions = b);
                Bool(s, "samplesToAllSessions", "$.reports", (o, b) => o.SamplesToAllSessions = b);
            });
            if (root.TryGetProperty("gets", out var gets))
            {
                ReadGets(gets);
            }

            Section("dump", "$.dump", s =>
            {
                Bool(s, "getZeroAll", "$.dump", (o, b) => o.AcceptGetZeroAll = b);
                Bool(s, "getAll", "$.dump", (o, b) => o.AcceptGetAllWithoutChannel = b);
                if (s.TryGetProperty("omits", out var omits))
                {
                    ReadOmits(omits);
                }
            });
            Section("replyDelayMs", "$.replyDelayMs", s =>
            {
                var min = Millis(s, "min", "$.replyDelayMs");
                var max = Millis(s, "max", "$.replyDelayMs");
                var pace = Millis(s, "dumpFramePace", "$.replyDelayMs");
                if (min is { } lo && max is { } hi && hi < lo)
                {
                    Problems.Add("$.replyDelayMs.max: must be at least min.");
                }

                _settings.Add(o =>
                {
                    o.ReplyDelayMin = min ?? TimeSpan.Zero;
                    o.ReplyDelayMax = max ?? min ?? TimeSpan.Zero;
                    o.DumpFramePace = pace ?? TimeSpan.Zero;
                });
            });
            Section("sessions", "$.sessions", s =>
            {
                if (s.TryGetProperty("max", out var max))
                {
                    if (max.ValueKind == JsonValueKind.Null)
                    {
                        _settings.Add(o => o.MaxSessions = null);
                    }
                    else if (max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out var n) && n is >= 1 and <= 1000)
                    {
                        _settings.Add(o => o.MaxSessions = n);
                    }
                    else
                    {
                        Problems.Add("$.sessions.max: a whole number 1..1000, or null for no limit.");
                    }
                }

                Choice(s, "refusal", "$.sessions", ["reset", "acceptAndClose"], (o, c) => o.SessionRefusal = c == "reset" ? SessionRefusal.Reset : SessionRefusal.AcceptAndClose);
            });
            Choice(root, "defaultSettingsReply", "$", ["PRESET 00", "DEFAULT_SETTINGS 00"], (o, c) => o.DefaultSettingsReply = c == "PRESET 00" ? DefaultSettingsReply.PresetZero : DefaultSettingsReply.DefaultSettingsZero);
            Section("presets", "$.presets", s => Bool(s, "reportChangesOnRecall", "$.presets", (o, b) => o.ReportChangesOnPresetRecall = b));

            var settings = _settings.ToArray();
            return o =>
            {
                // Everything the file leaves out is the documented default; the file lists GETs explicitly.
                Documented._apply(o);
                ResetToDocumented(o);
                foreach (var apply in settings)
                {
                    apply(o);
                }
            };
        }

        private void ReadGets(JsonElement gets)
        {
            if (gets.ValueKind != JsonValueKind.Object)
            {
                Problems.Add("$.gets: an object of GET keys (\"FLASH\", \"2 LIMITER_ENGAGED\") to \"answer\", \"reject\" or \"ignore\".");
                return;
            }

            var responses = new Dictionary<string, GetResponse>(StringComparer.Ordinal);
            foreach (var p in gets.EnumerateObject())
            {
                var path = $"$.gets['{Escape(p.Name)}']";
                if (!KnownKeys.Contains(p.Name))
                {
                    Problems.Add($"{path}: not a GET of one ANI4OUT value (written as \"NAME\", \"CHANNEL NAME\" or \"CHANNEL NAME INDEX\").");
                    continue;
                }

                switch (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null)
                {
                    case "answer":
                        responses[p.Name] = GetResponse.Answer;
                        break;
                    case "reject":
                        responses[p.Name] = GetResponse.Reject;
                        break;
                    case "ignore":
                        responses[p.Name] = GetResponse.Ignore;
                        break;
                    default:
                        Problems.Add($"{path}: must be \"answer\", \"reject\" or \"ignore\".");
                        break;
                }
            }

            _settings.Add(o => o.GetResponses = new Dictionary<string, GetResponse>(responses, StringComparer.Ordinal));
        }

        private void ReadOmits(JsonElement omits)
        {
            if (omits.ValueKind != JsonValueKind.Array)
            {
                Problems.Add("$.dump.omits: an array of GET keys.");
                return;
            }

            var set = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var item in omits.EnumerateArray())
            {
                var key = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                if (key is null || !KnownKeys.Contains(key))
                {
                    Problems.Add($"$.dump.omits[{i}]: not a GET of one ANI4OUT value.");
                }
                else
                {
                    set.Add(key);
                }

                i++;
            }

            _settings.Add(o => o.DumpOmits = new HashSet<string>(set, StringComparer.Ordinal));
        }

        private void Section(string name, string path, Action<JsonElement> read)
        {
            if (!root.TryGetProperty(name, out var section))
            {
                return;
            }

            if (section.ValueKind != JsonValueKind.Object)
            {
                Problems.Add($"{path}: must be an object.");
                return;
            }

            read(section);
        }

        private void Unknown(JsonElement element, string path, string[] known)
        {
            foreach (var p in element.EnumerateObject())
            {
                if (Array.IndexOf(known, p.Name) < 0)
                {
                    Problems.Add($"{path}.{Escape(p.Name)}: unknown field (known: {string.Join(", ", known)}).");
                }
            }
        }

        private void Bool(JsonElement section, string name, string path, Action<SimulatorOptions, bool> set)
        {
            if (!section.TryGetProperty(name, out var value))
            {
                return;
            }

            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                var b = value.GetBoolean();
                _settings.Add(o => set(o, b));
            }
            else
            {
                Problems.Add($"{path}.{name}: must be true or false.");
            }
        }

        private void Choice(JsonElement section, string name, string path, string[] choices, Action<SimulatorOptions, string> set)
        {
            if (!section.TryGetProperty(name, out var value))
            {
                return;
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (text is not null && Array.IndexOf(choices, text) >= 0)
            {
                _settings.Add(o => set(o, text));
            }
            else
            {
                Problems.Add($"{path}.{name}: must be one of {string.Join(", ", choices.Select(c => "\"" + c + "\""))}.");
            }
        }

        private TimeSpan? Millis(JsonElement section, string name, string path)
        {
            if (!section.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var ms) && ms is >= 0 and <= 60_000)
            {
                return TimeSpan.FromMilliseconds(ms);
            }

            Problems.Add($"{path}.{name}: milliseconds, 0..60000.");
            return null;
        }

        // Text the device sends (wire) may not hold < > { }; text only people read may, but no control characters.
        private string? Text(JsonElement section, string name, string path, int maxLength, bool wire = true)
        {
            if (!section.TryGetProperty(name, out var value))
            {
                return null;
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (text is not null && text.Length <= maxLength && (wire ? CommandValue.IsSafeText(text) : text.All(c => c is >= ' ' and <= '~')))
            {
                return text;
            }

            Problems.Add($"{path}: printable ASCII text of at most {maxLength} characters{(wire ? ", without < > { }" : string.Empty)}.");
            return null;
        }

        private static string Escape(string name) => new([.. name.Take(40).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
    }

    // The documented profile's values for every field a file may set, so a file's omissions mean "documented".
    private static void ResetToDocumented(SimulatorOptions o)
    {
        var d = new SimulatorOptions();
        o.ReportedModel = null;
        o.AcceptLowerCase = d.AcceptLowerCase;
        o.AcceptTwoDigitChannels = d.AcceptTwoDigitChannels;
        o.StrictGrammar = d.StrictGrammar;
        o.AnswerUndocumentedGets = true;
        o.UnsupportedRequests = d.UnsupportedRequests;
        o.TwoDigitChannelsInReports = d.TwoDigitChannelsInReports;
        o.FrameTerminator = d.FrameTerminator;
        o.EmptyPresetName = d.EmptyPresetName;
        o.GetRepliesToAllSessions = d.GetRepliesToAllSessions;
        o.SamplesToAllSessions = d.SamplesToAllSessions;
        o.GetResponses = new Dictionary<string, GetResponse>(StringComparer.Ordinal);
        o.DumpOmits = new HashSet<string>(StringComparer.Ordinal);
        o.AcceptGetZeroAll = d.AcceptGetZeroAll;
        o.AcceptGetAllWithoutChannel = d.AcceptGetAllWithoutChannel;
        o.ReplyDelayMin = d.ReplyDelayMin;
        o.ReplyDelayMax = d.ReplyDelayMax;
        o.DumpFramePace = d.DumpFramePace;
        o.MaxSessions = d.MaxSessions;
        o.SessionRefusal = d.SessionRefusal;
        o.DefaultSettingsReply = d.DefaultSettingsReply;
        o.ReportChangesOnPresetRecall = d.ReportChangesOnPresetRecall;
    }
}
