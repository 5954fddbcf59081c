using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShureDrivers.Cli;

/// <summary>
/// The one shape of every <c>--json</c> output (docs/cli-json.md): an object that starts with <c>version</c> and
/// <c>command</c>; streams print one such object per line (NDJSON).
/// </summary>
internal static class JsonContract
{
    /// <summary>Raised when a field is renamed, removed or changes type; adding a field keeps the version.</summary>
    public const int Version = 1;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly JsonSerializerOptions Compact = new();

    /// <summary>The document for <paramref name="command"/>: <c>version</c>, <c>command</c>, then <paramref name="body"/>'s fields.</summary>
    public static string Document(string command, object body, bool indented = true)
    {
        var fields = JsonSerializer.SerializeToNode(body)!.AsObject();
        var document = new JsonObject { ["version"] = Version, ["command"] = command };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            document[name] = value;
        }

        return document.ToJsonString(indented ? Indented : Compact);
    }

    /// <summary>A setting's text as JSON: true/false as booleans, numbers as numbers, anything else as text.</summary>
    public static JsonNode? Value(string? text) =>
        text switch
        {
            null => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
}
