using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Cli;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;
using static ShureDrivers.Tests.Support.InProcessShure;

namespace ShureDrivers.Tests.Cli;

/// <summary>
/// <c>shure status</c> against <c>shure simulate --profile NAME</c> (a child process on a free loopback port), for
/// every firmware profile: it connects, exits 0, and shows what the firmware gives and "unknown" for what it does not.
/// </summary>
[Category("Loopback")]
[CancelAfter(60_000)]
public class StatusProfileTests
{
    public static readonly string[] Profiles = TestProfiles.All;

    [TestCaseSource(nameof(Profiles))]
    public async Task Status_ConnectsOnEveryProfile_AndShowsUnsupportedValuesAsUnknown(string profile)
    {
        await using var simulate = ShureProcess.Start("simulate", "--ports", "--profile", profile, "--json");
        var devices = JsonDocument.Parse(await simulate.ReadUntilLineAsync("}")).RootElement.GetProperty("devices");
        Assert.That(devices[0].GetProperty("profile").GetString(), Is.EqualTo(profile));
        var host = devices[0].GetProperty("address").GetString() + ":" + devices[0].GetProperty("port").GetInt32();
        var undocumentedGets = profile is "strict" or "silent";

        var (code, json, error) = await RunAsync("status", host, "--json");
        Assert.That(code, Is.Zero, error);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "model", "serial", "firmware", "deviceId", "mac", "preset", "ledBrightness", "summingMode", "meterMode" })
            {
                Assert.That(root.GetProperty(name).ValueKind, Is.Not.EqualTo(JsonValueKind.Null), name);
            }

            Assert.That(root.GetProperty("dante").GetProperty("name").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(root.GetProperty("dante").GetProperty("address").ValueKind, Is.EqualTo(JsonValueKind.String));

            Assert.That(root.GetProperty("meterRateMs").ValueKind, undocumentedGets ? Is.EqualTo(JsonValueKind.Null) : Is.EqualTo(JsonValueKind.Number));
            Assert.That(root.GetProperty("identifying").ValueKind, undocumentedGets ? Is.EqualTo(JsonValueKind.Null) : Is.EqualTo(JsonValueKind.False));
            var outputs = root.GetProperty("outputs").EnumerateArray().ToList();
            Assert.That(outputs.Select(o => o.GetProperty("gainDb").GetDouble()), Is.All.EqualTo(0.0));
            Assert.That(outputs.Select(o => o.GetProperty("muted").GetBoolean()), Is.All.False);
            Assert.That(outputs[0].GetProperty("limiting").GetBoolean(), Is.False);
            Assert.That(outputs[1].GetProperty("limiting").ValueKind, undocumentedGets ? Is.EqualTo(JsonValueKind.Null) : Is.EqualTo(JsonValueKind.False), "LIMITER_ENGAGED 2");
        });

        var (textCode, text, _) = await RunAsync("status", host);
        Assert.That(textCode, Is.Zero);
        Assert.That(text, Does.Contain("ANI4OUT-XLR"));
        Assert.That(text, undocumentedGets ? Does.Contain("meter rate unknown") : Does.Contain("meter rate 0"));
        Assert.That(await simulate.CloseInputAndWaitAsync(), Is.Zero);
    }

    [Test]
    public async Task Raw_DefaultSettings_CompletesOnTheSiblingReply()
    {
        await using var simulate = ShureProcess.Start("simulate", "--ports", "--profile", "sibling", "--json");
        var first = JsonDocument.Parse(await simulate.ReadUntilLineAsync("}")).RootElement.GetProperty("devices")[0];
        var host = first.GetProperty("address").GetString() + ":" + first.GetProperty("port").GetInt32();

        var (code, output, error) = await RunAsync("raw", host, "< SET DEFAULT_SETTINGS >");
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("< REP DEFAULT_SETTINGS"));
        Assert.That(await simulate.CloseInputAndWaitAsync(), Is.Zero);
    }

    [Test]
    public async Task Raw_DefaultSettings_CompletesOnTheDocumentedReply_ByTheCoresRule()
    {
        // Was "no reply" and exit 3: raw matched only a REP of the request's own name, not the table's reply name.
        await using var device = LoopbackDevice.Start();

        var (code, output, error) = await RunAsync("raw", device.Host, "< SET DEFAULT_SETTINGS >");

        Assert.That(code, Is.Zero, error);
        Assert.That(output.Trim(), Is.EqualTo("< REP PRESET 00 >"));
    }
}
