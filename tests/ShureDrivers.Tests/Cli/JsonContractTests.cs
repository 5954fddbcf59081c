using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;
using static ShureDrivers.Tests.Support.InProcessShure;

namespace ShureDrivers.Tests.Cli;

/// <summary>
/// Every <c>--json</c> output against docs/cli-json.md: one object (one per line for streams) that starts with
/// <c>version</c> 1 and its <c>command</c>, with the documented fields in the documented JSON types.
/// </summary>
[Category("Loopback")]
[CancelAfter(60_000)]
public class JsonContractTests
{
    private const JsonValueKind Str = JsonValueKind.String;
    private const JsonValueKind Num = JsonValueKind.Number;
    private const JsonValueKind Arr = JsonValueKind.Array;
    private const JsonValueKind Obj = JsonValueKind.Object;
    private const JsonValueKind Nul = JsonValueKind.Null;
    private static readonly JsonValueKind[] Bool = [JsonValueKind.True, JsonValueKind.False];

    private LoopbackDevice _device = null!;

    [SetUp]
    public void SetUp()
    {
        _device = LoopbackDevice.Start(new SimulatorOptions { Signal = SignalModel.Constant(-18) });
    }

    [TearDown]
    public async Task TearDown() => await _device.DisposeAsync();

    [Test]
    public async Task Status() => Check(await JsonOf("status", _device.Host), "status", new()
    {
        ["host"] = [Str], ["model"] = [Str], ["serial"] = [Str], ["firmware"] = [Str], ["deviceId"] = [Str], ["mac"] = [Str],
        ["dante"] = [Obj], ["dante.name"] = [Str], ["dante.address"] = [Str], ["preset"] = [Num], ["ledBrightness"] = [Num],
        ["meterRateMs"] = [Num], ["identifying"] = Bool, ["summingMode"] = [Str], ["meterMode"] = [Str],
        ["outputs"] = [Arr], ["outputs[].channel"] = [Num], ["outputs[].name"] = [Str], ["outputs[].gainDb"] = [Num],
        ["outputs[].muted"] = Bool, ["outputs[].level"] = [Str], ["outputs[].clipping"] = Bool, ["outputs[].limiting"] = Bool,
    });

    [Test]
    public async Task Gain() => Check(await JsonOf("gain", _device.Host, "1", "-3"), "gain", Outputs(("gainDb", [Num])));

    [Test]
    public async Task Mute() => Check(await JsonOf("mute", _device.Host, "all", "on"), "mute", Outputs(("muted", Bool)), outputs: 4);

    [Test]
    public async Task Level() => Check(await JsonOf("level", _device.Host, "3", "aux"), "level", Outputs(("level", [Str])));

    [Test]
    public async Task Preset() => Check(await JsonOf("preset", _device.Host), "preset", new()
    {
        ["host"] = [Str], ["active"] = [Num], ["presets"] = [Arr], ["presets[].preset"] = [Num], ["presets[].name"] = [Str, Nul],
    });

    [Test]
    public async Task Identify() => Check(await JsonOf("identify", _device.Host), "identify", new() { ["host"] = [Str], ["identifying"] = Bool });

    [Test]
    public async Task Meter_IsOneObjectPerLine()
    {
        var (code, output, error) = await RunAsync("meter", _device.Host, "--rate", "100", "--count", "2", "--json");
        Assert.That(code, Is.Zero, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        foreach (var line in lines)
        {
            Check(line, "meter", new() { ["host"] = [Str], ["time"] = [Str], ["dbfs"] = [Arr] });
            Assert.That(JsonDocument.Parse(line).RootElement.GetProperty("dbfs").EnumerateArray().Select(v => v.ValueKind), Is.EqualTo(Enumerable.Repeat(Num, 4)));
        }
    }

    [Test]
    public async Task Bridge()
    {
        await using var bridge = PacketBridgeResponder.Start(_device.Simulator, new IPEndPoint(IPAddress.Loopback, 0));
        Check(await JsonOf("bridge", "127.0.0.1", "--port", bridge.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture)), "bridge", new()
        {
            ["dante"] = [Obj], ["dante.address"] = [Str], ["address"] = [Str], ["subnetMask"] = [Str], ["mac"] = [Str],
        });
    }

    [Test]
    public async Task Apply_WritesTypedValues()
    {
        var file = Path.Combine(Path.GetTempPath(), $"room-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, $$"""{ "devices": [ { "name": "Room 1", "find": { "host": "{{_device.Host}}" }, "outputs": { "1": { "gainDb": -9.5, "muted": true } } } ] }""");
        try
        {
            var json = await JsonOf("apply", file);
            Check(json, "apply", new()
            {
                ["dryRun"] = Bool, ["cancelled"] = Bool, ["devices"] = [Arr], ["devices[].name"] = [Str], ["devices[].address"] = [Str],
                ["devices[].port"] = [Num], ["devices[].status"] = [Str], ["devices[].error"] = [Nul], ["devices[].settings"] = [Arr],
                ["devices[].settings[].path"] = [Str], ["devices[].settings[].result"] = [Str],
            });
            var settings = JsonDocument.Parse(json).RootElement.GetProperty("devices")[0].GetProperty("settings").EnumerateArray().ToList();
            Assert.That(settings.Single(s => s.GetProperty("path").GetString() == "outputs.1.gainDb").GetProperty("to").ValueKind, Is.EqualTo(Num));
            Assert.That(settings.Single(s => s.GetProperty("path").GetString() == "outputs.1.muted").GetProperty("to").ValueKind, Is.EqualTo(JsonValueKind.True));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Probe() => Check(await JsonOf("probe", _device.Host, "--timeout", "0.5", "--no-mdns"), "probe", ProbeFields());

    [Test]
    public async Task Probe_OfAnAni4In_HasTheSameShape_WithItsOwnGetsAndQuestions()
    {
        await using var input = LoopbackDevice.Start(new SimulatorOptions { Family = SimulatedFamily.Ani4In });
        var json = await JsonOf("probe", input.Host, "--timeout", "0.5", "--no-mdns");

        Check(json, "probe", ProbeFields());
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.That(root.GetProperty("model").GetString(), Is.EqualTo("ANI4IN-XLR"));
        Assert.That(root.GetProperty("gets").EnumerateArray().Select(g => g.GetProperty("get").GetString()), Does.Contain("1 PHANTOM_PWR_ENABLE").And.Not.Contain("1 AUDIO_OUT_LVL_SWITCH"));
        Assert.That(root.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("id").GetString()), Is.SupersetOf(new[] { "H46", "H47", "H48", "H49", "H50", "H51" }));
    }

    private static Dictionary<string, JsonValueKind[]> ProbeFields() => new()
    {
        ["target"] = [Str], ["model"] = [Str], ["firmware"] = [Str], ["serial"] = [Str], ["started"] = [Str], ["seconds"] = [Num],
        ["writes"] = Bool, ["summary"] = [Str], ["answered"] = [Num], ["questions"] = [Arr], ["questions[].id"] = [Str],
        ["questions[].question"] = [Str], ["questions[].answered"] = Bool, ["questions[].answer"] = [Str], ["questions[].evidence"] = [Arr],
        ["gets"] = [Arr], ["gets[].get"] = [Str], ["gets[].result"] = [Str], ["restored"] = [Arr], ["notes"] = [Arr],
    };

    [Test]
    public async Task Simulate()
    {
        // Standard input is empty: the simulator prints its devices, then stops.
        Check(await JsonOf("simulate", "--ports"), "simulate", new()
        {
            ["devices"] = [Arr], ["devices[].name"] = [Str], ["devices[].hostName"] = [Str], ["devices[].model"] = [Str], ["devices[].profile"] = [Str],
            ["devices[].mac"] = [Str], ["devices[].serial"] = [Str], ["devices[].address"] = [Str], ["devices[].port"] = [Num],
            ["devices[].dante"] = [Obj], ["devices[].dante.address"] = [Str], ["devices[].dante.port"] = [Num],
        });
    }

    /// <summary>The fields of discover's device objects, for <see cref="DiscoverJsonContractTests"/>.</summary>
    internal static Dictionary<string, JsonValueKind[]> DiscoveredDevice(string prefix) => new()
    {
        [prefix + "name"] = [Str], [prefix + "model"] = [Str], [prefix + "mac"] = [Str, Nul], [prefix + "macSuffix"] = [Str, Nul],
        [prefix + "hostName"] = [Str], [prefix + "addresses"] = [Arr], [prefix + "port"] = [Num], [prefix + "controlFrom"] = [Str, Nul],
        [prefix + "dante"] = [Obj], [prefix + "dante.addresses"] = [Arr], [prefix + "services"] = [Arr], [prefix + "interface"] = [Str],
    };

    internal static void Check(string json, string command, Dictionary<string, JsonValueKind[]> fields, int? outputs = null)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.That(root.ValueKind, Is.EqualTo(Obj), "one object");
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(names.Take(2), Is.EqualTo(new[] { "version", "command" }), "version and command first");
        Assert.That(root.GetProperty("version").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("command").GetString(), Is.EqualTo(command));
        foreach (var (path, kinds) in fields)
        {
            var values = Resolve(root, path.Split('.')).ToList();
            Assert.That(values, Is.Not.Empty, $"{command}: {path} is missing");
            foreach (var value in values)
            {
                Assert.That(kinds, Does.Contain(value.ValueKind), $"{command}: {path} is {value.ValueKind}, documented as {string.Join(" or ", kinds)}");
            }
        }

        if (outputs is { } count)
        {
            Assert.That(root.GetProperty("outputs").GetArrayLength(), Is.EqualTo(count));
        }
    }

    private static Dictionary<string, JsonValueKind[]> Outputs((string Name, JsonValueKind[] Kinds) field) => new()
    {
        ["host"] = [Str], ["outputs"] = [Arr], ["outputs[].channel"] = [Num], ["outputs[]." + field.Name] = field.Kinds,
    };

    // "a[].b.c": every element of array a, its b, then c.
    private static IEnumerable<JsonElement> Resolve(JsonElement element, IEnumerable<string> parts)
    {
        IEnumerable<JsonElement> current = [element];
        foreach (var part in parts)
        {
            var isArray = part.EndsWith("[]", StringComparison.Ordinal);
            var name = isArray ? part[..^2] : part;
            current = current.SelectMany(e => e.ValueKind == Obj && e.TryGetProperty(name, out var child)
                ? isArray && child.ValueKind == Arr ? child.EnumerateArray().ToArray() : [child]
                : Array.Empty<JsonElement>()).ToList();
        }

        return current;
    }

    private static async Task<string> JsonOf(params string[] args)
    {
        var (code, output, error) = await RunAsync([.. args, "--json"]);
        Assert.That(code, Is.Zero, error);
        return output;
    }
}
