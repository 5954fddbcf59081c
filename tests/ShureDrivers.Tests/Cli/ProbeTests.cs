using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;
using static ShureDrivers.Tests.Support.InProcessShure;

namespace ShureDrivers.Tests.Cli;

/// <summary>
/// <c>shure probe</c>: the round trip on every built-in profile (probe a profile, play the file it writes, probe that:
/// the same answers), a device that answers nothing, read-only by default, and <c>--writes</c> putting back what it
/// touched. Short per-request timeouts keep each probe to a few seconds; mDNS is skipped (no multicast here).
/// </summary>
[Category("Loopback")]
[CancelAfter(120_000)]
[Parallelizable(ParallelScope.Children)] // reason: each probe mostly waits out short timeouts; they share nothing
public class ProbeTests
{
    public static readonly string[] Profiles = TestProfiles.All;

    [TestCaseSource(nameof(Profiles))]
    public async Task Probe_WritesAProfileFile_ThatPlaysTheSameAnswers(string profile)
    {
        using var dir = new TempDirectory();
        var first = await ProbeSimulateAsync(dir.Path, "a", "--profile", profile);
        var second = await ProbeSimulateAsync(dir.Path, "b", "--profile-file", Path.Combine(dir.Path, "a", "profile.json"));

        var a = Answers(first);
        var b = Answers(second);
        Assert.That(b.ToJsonString(), Is.EqualTo(a.ToJsonString()), "the profile file plays what the probe measured");

        var delays = first["replyDelayMs"]!;
        if (profile == "slow")
        {
            Assert.That(delays["min"]!.GetValue<double>(), Is.InRange(30, 120), "slow replies wait 40-200 ms");
            Assert.That(delays["max"]!.GetValue<double>(), Is.InRange(100, 260));
            Assert.That(second["replyDelayMs"]!["max"]!.GetValue<double>(), Is.InRange(100, 260));
        }
        else
        {
            Assert.That(delays["max"]!.GetValue<double>(), Is.Zero, "loopback noise is not a firmware delay");
        }

        // What each profile is known to do shows in the file.
        var expected = SimulatorProfile.FromName(profile);
        var built = JsonNode.Parse(expected.ToJson())!;
        Assert.Multiple(() =>
        {
            Assert.That(first["gets"]!.ToJsonString(), Is.EqualTo(built["gets"]!.ToJsonString()), "every GET's response");
            Assert.That(first["requests"]!["lowerCase"]!.GetValue<bool>(), Is.EqualTo(built["requests"]!["lowerCase"]!.GetValue<bool>()));
            Assert.That(first["reports"]!["terminator"]!.GetValue<string>(), Is.EqualTo(built["reports"]!["terminator"]!.GetValue<string>()));
            Assert.That(first["reports"]!["twoDigitChannels"]!.GetValue<bool>(), Is.EqualTo(built["reports"]!["twoDigitChannels"]!.GetValue<bool>()));
            Assert.That(first["dump"]!["getZeroAll"]!.GetValue<bool>(), Is.EqualTo(built["dump"]!["getZeroAll"]!.GetValue<bool>()));
            Assert.That(first["dump"]!["getAll"]!.GetValue<bool>(), Is.EqualTo(built["dump"]!["getAll"]!.GetValue<bool>()));
            Assert.That(first["sessions"]!["max"]?.ToJsonString() ?? "null", Is.EqualTo(built["sessions"]!["max"]?.ToJsonString() ?? "null"));
        });
    }

    [Test]
    public async Task Probe_OfADeviceThatAnswersNothing_EndsSoon_WithEveryQuestionNotAnswered()
    {
        await using var device = LoopbackDevice.Start();
        device.Simulator.Faults.Silent = true;
        var clock = Stopwatch.StartNew();

        var (code, output, error) = await RunAsync("probe", device.Host, "--timeout", "0.5", "--no-mdns", "--json");

        Assert.That(code, Is.EqualTo(3), error);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "one GET MODEL timeout, not one per question");
        var root = JsonDocument.Parse(output).RootElement;
        Assert.That(root.GetProperty("command").GetString(), Is.EqualTo("probe"));
        var questions = root.GetProperty("questions").EnumerateArray().ToList();
        Assert.That(questions, Has.Count.GreaterThan(20));
        Assert.That(questions.Select(q => q.GetProperty("answered").GetBoolean()), Is.All.False);
        Assert.That(questions.First(q => q.GetProperty("id").GetString() == "H42").GetProperty("answer").GetString(), Does.Contain("answers no command strings"));
        Assert.That(error, Does.Contain("Summary: 0 of"));
    }

    [Test]
    public async Task Probe_IsReadOnlyByDefault_AndWritesAReport()
    {
        await using var device = LoopbackDevice.Start();
        using var dir = new TempDirectory();

        var (code, output, error) = await RunAsync("probe", device.Host, "--timeout", "0.5", "--no-mdns", "--out", dir.Path);

        Assert.That(code, Is.Zero, error);
        Assert.That(device.Simulator.ReceivedFrames.Where(IsSet), Is.Empty, "GETs only");
        Assert.That(output, Does.StartWith("# shure probe: " + device.Host));
        Assert.That(output, Does.Contain("| H42 | The exact MODEL text | `ANI4OUT-XLR` |"));
        Assert.That(output, Does.Contain("| H29 | Maximum concurrent control sessions | at least 9"));
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "probe-report.md")), Is.EqualTo(output));
        Assert.That(JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "probe-report.json"))).RootElement.GetProperty("version").GetInt32(), Is.EqualTo(1));
        Assert.That(SimulatorProfile.Load(Path.Combine(dir.Path, "profile.json")).Source, Does.StartWith("shure probe " + device.Host));
        // The probe has closed its sockets; the simulator sees each close a moment later (one run of the netstandard2.0
        // suite read 1 here at once).
        await Wait.UntilAsync(() => device.Simulator.SessionCount == 0, "every extra session closed again");
    }

    [Test]
    public async Task Probe_Writes_PutsBackEveryValueItTouched_AndNeverResetsRebootsOrRecalls()
    {
        await using var device = LoopbackDevice.Start();
        var sim = device.Simulator;
        sim.SetGain(1, Gain.FromDb(-6.5));
        sim.SetMuted(1, true);
        sim.SetValue("PEQ", CommandValue.FromSwitch(true), 1, 1);

        var (code, output, error) = await RunAsync("probe", device.Host, "--timeout", "0.5", "--no-mdns", "--writes");

        Assert.That(code, Is.Zero, error);
        Assert.Multiple(() =>
        {
            Assert.That(sim.GetGain(1), Is.EqualTo(Gain.FromDb(-6.5)));
            Assert.That(sim.IsMuted(1), Is.True);
            Assert.That(sim.GetValue("PEQ", 1, 1).TryGetSwitch(out var on) && on, Is.True);
            Assert.That(sim.MeterRate, Is.Zero, "metering was on during the test and is off again");
            Assert.That(sim.ReceivedFrames, Has.Some.Contains("SET METER_RATE 00100"), "metering was tested");
            Assert.That(sim.ReceivedFrames.Where(f => IsSet(f) && f.Contains("PRESET", StringComparison.OrdinalIgnoreCase)), Is.Empty);
            Assert.That(sim.ReceivedFrames.Where(f => f.Contains("DEFAULT_SETTINGS", StringComparison.Ordinal) || f.Contains("REBOOT", StringComparison.Ordinal)), Is.Empty);
            Assert.That(output, Does.Contain("| H21 | Does SAMPLE reach every session? | yes"));
            Assert.That(output.Split('\n').Count(l => l.Contains("restored, read back", StringComparison.Ordinal)), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Probe_OfFirmwareThatClosesTheSessionOnARequestItDislikes_ReconnectsAndNotesIt()
    {
        var device = new AnsweringDevice(frame => frame switch
        {
            "< GET MODEL >" => "< REP MODEL {ANI4OUT-XLR} >",
            "< get model >" => AnsweringDevice.Close,
            _ => "< REP ERR >",
        });

        var result = await ProbeAsync(device);

        Assert.That(result.Answers.Single(a => a.Id == "H3").Answer, Is.EqualTo("lower case: closed"));
        Assert.That(result.Notes, Has.Some.Contains("closed the connection after `< get model >`"));
        Assert.That(result.Answers.Single(a => a.Id == "H40").Answer, Does.Contain("extra spaces: REP ERR"), "the probe went on, on a new connection");
    }

    [Test]
    public async Task Probe_OfADeviceThatClosesAfterEveryReply_StopsAfterABoundedNumberOfReconnects_AndReportsWhatItHas()
    {
        var device = new AnsweringDevice(frame => frame == "< GET MODEL >" ? "< REP MODEL {ANI4OUT-XLR} >" + AnsweringDevice.Close : AnsweringDevice.Close);

        var result = await ProbeAsync(device);

        Assert.That(result.Model, Is.EqualTo("ANI4OUT-XLR"));
        Assert.That(result.Notes, Has.Some.StartsWith("The probe stopped early"));
        Assert.That(result.Notes.Count(n => n.StartsWith("the device closed the connection", StringComparison.Ordinal)), Is.EqualTo(9), "eight reconnects, then the ninth close ends it");
        Assert.That(result.ProfileJson, Is.Null, "a partial measurement writes no profile");
        Assert.That(result.Answers.Select(a => a.Id), Does.Contain("H29").And.Contain("H40"), "every question is listed, answered or not");
    }

    [Test]
    public async Task Probe_OfADeviceThatStopsAnswering_EndsAtItsTimeBudget()
    {
        var device = new AnsweringDevice(frame => frame == "< GET MODEL >" ? "< REP MODEL {ANI4OUT-XLR} >" : null);

        var result = await ProbeAsync(device, budget: TimeSpan.FromSeconds(1));

        Assert.That(result.Duration, Is.LessThan(TimeSpan.FromSeconds(5)), "87 GETs would take 26 s at 0.3 s each");
        Assert.That(result.Notes, Has.Some.Contains("time budget"));
    }

    [Test]
    public async Task Probe_OfFirmwareThatWaitsForALineEnd_SendsCrLf_AndSaysSo()
    {
        var device = new AnsweringDevice(frame => frame == "< GET MODEL >" ? "< REP MODEL {ANI4OUT-XLR} >" : "< REP ERR >", requireLineEnd: true);

        var result = await ProbeAsync(device);

        Assert.That(result.Model, Is.EqualTo("ANI4OUT-XLR"));
        Assert.That(result.Notes, Has.Some.Contains("ended with CR LF"));
        Assert.That(result.Gets["SERIAL_NUM"], Is.EqualTo("REP ERR"), "every later request was read too");
    }

    [Test]
    public async Task Probe_OfADeviceThatDropsTheOldestSessionForANewOne_SaysSo_AndGoesOn()
    {
        using var sim = new Ani4OutSimulator();
        var result = await ProbeAsync(new DropsOldestAtThird(sim.CreateConnector()));

        Assert.That(result.Answers.Single(a => a.Id == "H29").Answer, Does.StartWith("2 (the next: session 3 was accepted and the first one was "));
        Assert.That(result.Answers.Single(a => a.Id == "H41").Answer, Does.StartWith("session 3 was accepted and the first one was "));
        Assert.That(result.Notes, Has.Some.Contains("closed the connection"));
        Assert.That(result.ProfileJson, Is.Not.Null);
    }

    [Test]
    public async Task Simulate_WithABadProfileFile_ExitsTwo_NamingEveryProblemByJsonPath()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "bad.json");
        File.WriteAllText(file, """{ "format": "nope", "version": 1, "gets": { "NOT_A_GET": "answer", "FLASH": "maybe" }, "sessions": { "max": 0 }, "colour": 1 }""");

        var (code, _, error) = await RunAsync("simulate", "--ports", "--profile-file", file);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("$.format").And.Contain("$.gets['NOT_A_GET']").And.Contain("$.gets['FLASH']").And.Contain("$.sessions.max").And.Contain("$.colour"));
    }

    private static async Task<JsonNode> ProbeSimulateAsync(string dir, string name, params string[] firmware)
    {
        await using var simulate = ShureProcess.Start(["simulate", "--ports", "--json", .. firmware]);
        var devices = JsonDocument.Parse(await simulate.ReadUntilLineAsync("}")).RootElement.GetProperty("devices");
        var host = devices[0].GetProperty("address").GetString() + ":" + devices[0].GetProperty("port").GetInt32();
        var (code, _, error) = await RunAsync("probe", host, "--timeout", "0.5", "--no-mdns", "--out", Path.Combine(dir, name));
        Assert.That(code, Is.Zero, error);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(dir, name, "profile.json")))!;
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Probe_OfAnAni4In_AsksItsOwnGets_AndAnswersItsOwnQuestions(bool writes)
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { Family = SimulatedFamily.Ani4In });
        sim.SetValue(Ani4InParameters.AudioGain, CommandValue.FromNumber(21), 1);

        var result = await ProbeAsync(sim.CreateConnector(), writes: writes);

        var answers = result.Answers.ToDictionary(a => a.Id);
        Assert.Multiple(() =>
        {
            Assert.That(result.Model, Is.EqualTo("ANI4IN-XLR"));
            Assert.That(result.Gets.Keys, Does.Contain("1 PHANTOM_PWR_ENABLE").And.Contain("1 AUDIO_GAIN").And.Contain("1 HW_GATING_LOGIC"), "the ANI4IN's own GETs");
            Assert.That(result.Gets.Keys, Does.Not.Contain("1 AUDIO_OUT_LVL_SWITCH"), "not the ANI4OUT's");
            Assert.That(answers["H51"].Answer, Does.Contain("ANI4IN-XLR"));
            Assert.That(answers["H46"].Answer, Does.Contain("input 1 reads 1100: 0.0 dB"));
            Assert.That(answers["H48"].Answer, Is.EqualTo("REP"));
            Assert.That(answers["H50"].Answer, Does.Contain("LAST_ERROR_EVENT: REP"));
            Assert.That(answers["H37b"].Evidence, Has.Some.StartsWith("< GET 1 AUDIO_OUT_LVL_SWITCH >"), "the ANI4OUT's GETs are the sibling ones here");
            Assert.That(answers["H47"].Answered, Is.EqualTo(writes));
            if (writes)
            {
                Assert.That(answers["H47"].Answer, Does.Contain("REP ERR").And.Contain("put back to 21: REP"), "the simulator refuses a gain off the 3 dB grid");
            }
        });
        Assert.That(sim.GetValue(Ani4InParameters.AudioGain, 1).Number, Is.EqualTo(21), "put back");
        Assert.That(SimulatorProfile.Parse(result.ProfileJson!).Name, Is.Not.Empty, "the profile file it writes loads");
    }

    private static async Task<ShureDrivers.Cli.Probe.ProbeResult> ProbeAsync(DeviceConnector device, TimeSpan? budget = null, bool writes = false)
    {
        var settings = new ShureDrivers.Cli.Probe.ProbeSettings("scripted", new System.Net.DnsEndPoint("scripted", 2202), device, TimeSpan.FromSeconds(0.3), Writes: writes, Dante: null, Discovery: null, MaxExtraSessions: 2)
        {
            Budget = budget ?? TimeSpan.FromMinutes(5),
        };
        return await new ShureDrivers.Cli.Probe.DeviceProbe(settings).RunAsync(default);
    }

    // A device that makes room for a third session by closing the first.
    private sealed class DropsOldestAtThird(DeviceConnector inner) : DeviceConnector
    {
        private readonly System.Collections.Generic.List<Stream> _streams = [];

        public override async Task<Stream> ConnectAsync(System.Net.DnsEndPoint endpoint, CancellationToken cancellationToken)
        {
            var stream = await inner.ConnectAsync(endpoint, cancellationToken);
            lock (_streams)
            {
                _streams.Add(stream);
                if (_streams.Count == 3)
                {
                    _streams[0].Dispose();
                }
            }

            return stream;
        }
    }

    private static bool IsSet(string frame) => frame.TrimStart('<', ' ').StartsWith("SET", StringComparison.OrdinalIgnoreCase);

    // The answers a profile file carries: all but where it came from and the timing spread.
    private static JsonObject Answers(JsonNode file)
    {
        var copy = file.DeepClone().AsObject();
        foreach (var field in new[] { "name", "description", "source", "replyDelayMs" })
        {
            copy.Remove(field);
        }

        return copy;
    }
}
