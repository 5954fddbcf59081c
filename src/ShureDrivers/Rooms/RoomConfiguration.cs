using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Internal;

namespace ShureDrivers.Rooms;

/// <summary>
/// A room file: the devices of a room and how each should be set. <see cref="Parse"/> checks everything before
/// anything is sent and reports every problem with its JSON path.
/// </summary>
/// <example>
/// <code>
/// { "devices": [ { "name": "Boardroom ceiling",
///                  "find": { "mdns": "ANI4OUT-aabbcc" },
///                  "preset": 3,
///                  "outputs": { "1": { "gainDb": -6.0, "muted": false, "level": "line" } } },
///                { "name": "Lectern mics",
///                  "find": { "host": "10.0.0.21" },
///                  "model": "ANI4IN",
///                  "inputs": { "1": { "analogGainDb": 36, "phantom": true, "gainDb": 0.0, "muted": false } } } ] }
/// </code>
/// An ANI4OUT has <c>outputs</c>, an ANI4IN <c>inputs</c>; <c>model</c> is optional and checked against the device.
/// </example>
public sealed class RoomConfiguration
{
    /// <summary>Largest room file read.</summary>
    public const int MaxLength = 4 * 1024 * 1024;


    /// <summary>Creates a configuration.</summary>
    public RoomConfiguration(IReadOnlyList<RoomDevice> devices) => Devices = Guard.NotNull(devices, nameof(devices));

    /// <summary>The devices, in file order.</summary>
    public IReadOnlyList<RoomDevice> Devices { get; }

    /// <summary>Reads and checks a room file.</summary>
    /// <exception cref="RoomConfigurationException">The file is not valid; every problem is listed.</exception>
    public static RoomConfiguration Parse(string json)
    {
        Guard.NotNull(json, nameof(json));
        var problems = new List<RoomProblem>();
        if (json.Length > MaxLength)
        {
            throw new RoomConfigurationException([new RoomProblem("$", $"the file is larger than {MaxLength} characters")]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new RoomConfigurationException([new RoomProblem("$", "not valid JSON: " + ex.Message)]);
        }

        var devices = new List<RoomDevice>();
        using (document)
        {
            try
            {
                ReadDevices(document, devices, problems);
            }
            catch (InvalidOperationException ex)
            {
                // A property name that is not valid Unicode (a lone surrogate escape); values are checked one by one.
                throw new RoomConfigurationException([new RoomProblem("$", "text that is not valid Unicode: " + ex.Message)]);
            }
        }

        foreach (var duplicate in devices.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add(new RoomProblem("$.devices", $"the name \"{duplicate.Key}\" is used {duplicate.Count()} times; reports need unique names"));
        }

        return problems.Count > 0 ? throw new RoomConfigurationException(problems) : new RoomConfiguration(devices);
    }

    /// <summary>Reads a room file from a stream (a file, a pipe, standard input), stopping at <see cref="MaxLength"/> bytes whatever the stream claims.</summary>
    /// <exception cref="RoomConfigurationException">Larger than <see cref="MaxLength"/> bytes, not UTF-8, or not a valid room file.</exception>
    public static async Task<RoomConfiguration> LoadAsync(System.IO.Stream stream, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(stream, nameof(stream));
        var buffer = new byte[MaxLength + 1];
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadSomeAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        if (total > MaxLength)
        {
            throw new RoomConfigurationException([new RoomProblem("$", $"the file is larger than {MaxLength} bytes")]);
        }

        string json;
        try
        {
            json = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer, 0, total);
        }
        catch (DecoderFallbackException)
        {
            throw new RoomConfigurationException([new RoomProblem("$", "the file is not UTF-8 text")]);
        }

        return Parse(json.TrimStart('\uFEFF'));
    }

    private static void ReadDevices(JsonDocument document, List<RoomDevice> devices, List<RoomProblem> problems)
    {
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("devices", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new RoomConfigurationException([new RoomProblem("$", "expected an object with a \"devices\" array")]);
            }

            Unknown(root, "$", problems, "devices");
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                var device = ReadDevice(element, $"$.devices[{index}]", problems);
                if (device is not null)
                {
                    devices.Add(device);
                }

                index++;
            }
        }
    }

    // A JSON string as .NET text, or null when it holds a lone surrogate escape ("\ud800"), which has no UTF-16 form.
    private static string? TextOf(JsonElement e)
    {
        try
        {
            return e.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Writes the configuration as a room file (what <see cref="Parse"/> reads).</summary>
    public string ToJson()
    {
        var buffer = new System.IO.MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("devices");
            foreach (var d in Devices)
            {
                w.WriteStartObject();
                w.WriteString("name", d.Name);
                w.WriteStartObject("find");
                WriteIf(w, "host", d.Find.Host);
                WriteIf(w, "mdns", d.Find.Mdns);
                WriteIf(w, "mac", d.Find.Mac);
                WriteIf(w, "dante", d.Find.Dante);
                w.WriteEndObject();
                WriteIf(w, "model", d.Model);
                if (d.Preset is { } preset)
                {
                    w.WriteNumber("preset", preset);
                }

                if (d.Inputs.Count > 0 || d.Model == "ANI4IN")
                {
                    WriteInputs(w, d.Inputs);
                    w.WriteEndObject();
                    continue;
                }

                w.WriteStartObject("outputs");
                foreach (var pair in d.Outputs.OrderBy(p => p.Key))
                {
                    w.WriteStartObject(pair.Key.ToString(CultureInfo.InvariantCulture));
                    if (pair.Value.Gain is { } gain)
                    {
                        w.WriteNumber("gainDb", gain.Decibels);
                    }

                    if (pair.Value.Muted is { } muted)
                    {
                        w.WriteBoolean("muted", muted);
                    }

                    if (pair.Value.Level is { } level)
                    {
                        w.WriteString("level", level.ToString().ToLowerInvariant());
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteIf(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteInputs(Utf8JsonWriter w, IReadOnlyDictionary<int, RoomInput> inputs)
    {
        w.WriteStartObject("inputs");
        foreach (var pair in inputs.OrderBy(p => p.Key))
        {
            w.WriteStartObject(pair.Key.ToString(CultureInfo.InvariantCulture));
            if (pair.Value.AnalogGainDb is { } analog)
            {
                w.WriteNumber("analogGainDb", analog);
            }

            if (pair.Value.Phantom is { } phantom)
            {
                w.WriteBoolean("phantom", phantom);
            }

            if (pair.Value.Gain is { } gain)
            {
                w.WriteNumber("gainDb", gain.Decibels);
            }

            if (pair.Value.Muted is { } muted)
            {
                w.WriteBoolean("muted", muted);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static RoomDevice? ReadDevice(JsonElement e, string path, List<RoomProblem> problems)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new RoomProblem(path, "expected an object"));
            return null;
        }

        var before = problems.Count;
        Unknown(e, path, problems, "name", "find", "model", "preset", "outputs", "inputs");
        string? name = null;
        if (!e.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(TextOf(n)))
        {
            problems.Add(new RoomProblem(path + ".name", "a non-empty string of valid Unicode text is required"));
        }
        else
        {
            name = TextOf(n)!;
            if (name.Length > 100)
            {
                problems.Add(new RoomProblem(path + ".name", "at most 100 characters"));
            }
            else if (name.Any(char.IsControl))
            {
                // Names are printed to terminals and logs: no escape sequences, line breaks or other controls.
                problems.Add(new RoomProblem(path + ".name", "control characters are not allowed"));
            }
        }

        var find = ReadLocator(e, path + ".find", problems);
        int? preset = null;
        if (e.TryGetProperty("preset", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var value) && value is >= 1 and <= 10)
            {
                preset = value;
            }
            else
            {
                problems.Add(new RoomProblem(path + ".preset", "a preset number 1 to 10"));
            }
        }

        var outputs = new Dictionary<int, RoomOutput>();
        if (e.TryGetProperty("outputs", out var o))
        {
            if (o.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new RoomProblem(path + ".outputs", "expected an object keyed by output number (\"1\" to \"4\")"));
            }
            else
            {
                foreach (var property in o.EnumerateObject())
                {
                    var outputPath = path + ".outputs." + property.Name;
                    if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var channel) || channel is < 1 or > 4)
                    {
                        problems.Add(new RoomProblem(outputPath, "outputs are \"1\" to \"4\""));
                        continue;
                    }

                    if (ReadOutput(property.Value, outputPath, problems) is { } output)
                    {
                        outputs[channel] = output;
                    }
                }
            }
        }

        var inputs = new Dictionary<int, RoomInput>();
        if (e.TryGetProperty("inputs", out var ins))
        {
            if (ins.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new RoomProblem(path + ".inputs", "expected an object keyed by input number (\"1\" to \"4\")"));
            }
            else
            {
                foreach (var property in ins.EnumerateObject())
                {
                    var inputPath = path + ".inputs." + property.Name;
                    if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var channel) || channel is < 1 or > 4)
                    {
                        problems.Add(new RoomProblem(inputPath, "inputs are \"1\" to \"4\""));
                        continue;
                    }

                    if (ReadInput(property.Value, inputPath, problems) is { } input)
                    {
                        inputs[channel] = input;
                    }
                }
            }
        }

        var model = ReadModel(e, path, find, problems);
        if (e.TryGetProperty("outputs", out _) && e.TryGetProperty("inputs", out _))
        {
            problems.Add(new RoomProblem(path + ".inputs", "a device has outputs (an ANI4OUT) or inputs (an ANI4IN), not both"));
        }
        else if (model == "ANI4IN" && e.TryGetProperty("outputs", out _))
        {
            problems.Add(new RoomProblem(path + ".outputs", "an ANI4IN has inputs, not outputs"));
        }
        else if (model == "ANI4OUT" && e.TryGetProperty("inputs", out _))
        {
            problems.Add(new RoomProblem(path + ".inputs", "an ANI4OUT has outputs, not inputs"));
        }

        return problems.Count > before || name is null || find is null
            ? null
            : new RoomDevice { Name = name, Find = find, Model = e.TryGetProperty("model", out _) ? model : null, Preset = preset, Outputs = outputs, Inputs = inputs };
    }

    // The "model" field, or what an mDNS name (ANI4IN-aabbcc) says; null when neither tells.
    private static string? ReadModel(JsonElement e, string path, RoomDeviceLocator? find, List<RoomProblem> problems)
    {
        string? model = null;
        if (e.TryGetProperty("model", out var m))
        {
            model = m.ValueKind == JsonValueKind.String ? TextOf(m)?.ToUpperInvariant() : null;
            if (model is not ("ANI4OUT" or "ANI4IN"))
            {
                problems.Add(new RoomProblem(path + ".model", "\"ANI4OUT\" or \"ANI4IN\""));
                return null;
            }
        }

        var named = find?.Mdns is { } mdns ? mdns.StartsWith("ANI4IN-", StringComparison.OrdinalIgnoreCase) ? "ANI4IN" : mdns.StartsWith("ANI4OUT-", StringComparison.OrdinalIgnoreCase) ? "ANI4OUT" : null : null;
        if (model is not null && named is not null && model != named)
        {
            problems.Add(new RoomProblem(path + ".model", $"the mDNS name {find!.Mdns} is an {named}'s"));
        }

        return model ?? named;
    }

    private static RoomInput? ReadInput(JsonElement e, string path, List<RoomProblem> problems)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new RoomProblem(path, "expected an object with gainDb, analogGainDb, muted and/or phantom"));
            return null;
        }

        var before = problems.Count;
        Unknown(e, path, problems, "gainDb", "analogGainDb", "muted", "phantom");
        var gain = ReadGain(e, path, problems);
        int? analog = null;
        if (e.TryGetProperty("analogGainDb", out var a))
        {
            if (a.ValueKind == JsonValueKind.Number && a.TryGetInt32(out var db) && db is >= 0 and <= 51 && db % 3 == 0)
            {
                analog = db;
            }
            else
            {
                problems.Add(new RoomProblem(path + ".analogGainDb", "0 to 51 dB in 3 dB steps (0, 3, 6 … 51)"));
            }
        }

        var muted = ReadSwitch(e, "muted", path, problems);
        var phantom = ReadSwitch(e, "phantom", path, problems);
        return problems.Count > before ? null : new RoomInput { Gain = gain, AnalogGainDb = analog, Muted = muted, Phantom = phantom };
    }

    private static Gain? ReadGain(JsonElement e, string path, List<RoomProblem> problems)
    {
        if (!e.TryGetProperty("gainDb", out var g))
        {
            return null;
        }

        if (g.ValueKind != JsonValueKind.Number || !g.TryGetDecimal(out var db) || !Gain.TryFromDb((double)db, out var value))
        {
            problems.Add(new RoomProblem(path + ".gainDb", "a number of dB from -110.0 to +30.0"));
            return null;
        }

        if (db * 10 != decimal.Truncate(db * 10))
        {
            // Refused rather than rounded: the file should say what the device will hold.
            problems.Add(new RoomProblem(path + ".gainDb", "the device sets gain in 0.1 dB steps"));
            return null;
        }

        return value;
    }

    private static bool? ReadSwitch(JsonElement e, string key, string path, List<RoomProblem> problems)
    {
        if (!e.TryGetProperty(key, out var m))
        {
            return null;
        }

        if (m.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return m.GetBoolean();
        }

        problems.Add(new RoomProblem(path + "." + key, "true or false"));
        return null;
    }

    private static RoomDeviceLocator? ReadLocator(JsonElement device, string path, List<RoomProblem> problems)
    {
        if (!device.TryGetProperty("find", out var f) || f.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new RoomProblem(path, "an object with one of host, mdns, mac or dante is required"));
            return null;
        }

        Unknown(f, path, problems, "host", "mdns", "mac", "dante");
        var given = f.EnumerateObject().Where(x => x.Name is "host" or "mdns" or "mac" or "dante").ToList();
        if (given.Count != 1 || given[0].Value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new RoomProblem(path, "exactly one of host, mdns, mac or dante, as a string"));
            return null;
        }

        var key = given[0].Name;
        if (TextOf(given[0].Value) is not { } text)
        {
            problems.Add(new RoomProblem(path + "." + given[0].Name, "not valid Unicode text"));
            return null;
        }

        var value = text.Trim();
        var kind = key switch { "host" => DeviceLocatorKind.Host, "mdns" => DeviceLocatorKind.Mdns, "mac" => DeviceLocatorKind.Mac, _ => DeviceLocatorKind.Dante };

        // The core's one validation, with the same messages as hosting configuration.
        if (DeviceLocator.Problem(kind, value) is { } problem)
        {
            problems.Add(new RoomProblem(path + "." + key, problem));
            return null;
        }

        return kind switch
        {
            DeviceLocatorKind.Host => new RoomDeviceLocator { Host = value },
            DeviceLocatorKind.Mdns => new RoomDeviceLocator { Mdns = value },
            DeviceLocatorKind.Mac => new RoomDeviceLocator { Mac = value.ToUpperInvariant() },
            _ => new RoomDeviceLocator { Dante = value },
        };
    }

    private static RoomOutput? ReadOutput(JsonElement e, string path, List<RoomProblem> problems)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new RoomProblem(path, "expected an object with gainDb, muted and/or level"));
            return null;
        }

        var before = problems.Count;
        Unknown(e, path, problems, "gainDb", "muted", "level");
        var gain = ReadGain(e, path, problems);
        var muted = ReadSwitch(e, "muted", path, problems);

        OutputLevel? level = null;
        if (e.TryGetProperty("level", out var l))
        {
            level = l.ValueKind == JsonValueKind.String ? TextOf(l) switch
            {
                "line" => OutputLevel.Line,
                "aux" => OutputLevel.Aux,
                "mic" => OutputLevel.Mic,
                _ => null,
            } : null;
            if (level is null)
            {
                problems.Add(new RoomProblem(path + ".level", "\"line\", \"aux\" or \"mic\""));
            }
        }

        return problems.Count > before ? null : new RoomOutput { Gain = gain, Muted = muted, Level = level };
    }

    private static void Unknown(JsonElement e, string path, List<RoomProblem> problems, params string[] known)
    {
        foreach (var property in e.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0)
            {
                problems.Add(new RoomProblem(path + "." + property.Name, $"unknown setting (known: {string.Join(", ", known)})"));
            }
        }
    }
}
