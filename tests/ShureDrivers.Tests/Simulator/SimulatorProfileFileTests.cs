using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

/// <summary>Firmware profiles as JSON files: every built-in one round-trips, omissions are the documented defaults, bad files are refused by path.</summary>
public class SimulatorProfileFileTests
{
    public static readonly string[] Profiles = TestProfiles.All;

    [TestCaseSource(nameof(Profiles))]
    public void EveryBuiltInProfile_WrittenAndReadBack_IsTheSameProfile(string name)
    {
        var builtIn = SimulatorProfile.FromName(name);
        var json = builtIn.ToJson();

        var loaded = SimulatorProfile.Parse(json);

        Assert.That(loaded.Name, Is.EqualTo(name));
        Assert.That(loaded.ToJson(), Is.EqualTo(json), "nothing lost or added");
        Assert.That(Options(loaded).Split(';')[..18], Is.EqualTo(Options(builtIn).Split(';')[..18]), "the options it sets are the built-in's (its GETs are listed one by one; ToJson above compares them)");
    }

    [Test]
    public void AFileWithOnlyItsHeader_IsTheDocumentedProfile()
    {
        var loaded = SimulatorProfile.Parse("""{ "format": "shure-simulator-profile", "version": 1 }""", "minimal");

        Assert.That(loaded.Name, Is.EqualTo("minimal"));
        Assert.That(Body(loaded.ToJson()), Is.EqualTo(Body(SimulatorProfile.Documented.ToJson())));
    }

    [Test]
    public void AFileOverridesOnlyWhatItSays_OnTopOfWhateverCameBefore()
    {
        var loaded = SimulatorProfile.Parse("""{ "format": "shure-simulator-profile", "version": 1, "gets": { "2 LIMITER_ENGAGED": "ignore" }, "sessions": { "max": 3, "refusal": "acceptAndClose" } }""");
        var options = new SimulatorOptions { Profile = SimulatorProfile.Strict };

        options.Profile = loaded;

        Assert.That(options.StrictGrammar, Is.False, "a file starts from the documented profile, not from the one before");
        Assert.That(options.MaxSessions, Is.EqualTo(3));
        Assert.That(options.SessionRefusal, Is.EqualTo(SessionRefusal.AcceptAndClose));
        Assert.That(options.GetResponses["2 LIMITER_ENGAGED"], Is.EqualTo(GetResponse.Ignore));
    }

    [Test]
    public void ABadFile_ListsEveryProblemWithItsJsonPath()
    {
        var ex = Assert.Throws<SimulatorProfileException>(() => SimulatorProfile.Parse("""
            { "format": "shure-simulator-profile", "version": 2, "model": "<evil>",
              "requests": { "lowerCase": "yes" }, "reports": { "terminator": "x" },
              "gets": { "FLASH": "sometimes", "9 AUDIO_MUTE": "answer" },
              "dump": { "omits": ["NOPE"] }, "replyDelayMs": { "min": 50, "max": 10 }, "extra": true }
            """));

        Assert.That(ex!.Problems, Has.Count.EqualTo(9));
        Assert.That(ex.Problems.Select(p => p.Split(':')[0]), Is.EquivalentTo(new[]
        {
            "$.extra", "$.version", "$.model", "$.requests.lowerCase", "$.reports.terminator", "$.gets['FLASH']", "$.gets['9 AUDIO_MUTE']", "$.dump.omits[0]", "$.replyDelayMs.max",
        }));
    }

    [TestCase("")]
    [TestCase("[]")]
    [TestCase("{ \"format\": ")]
    [TestCase("{ \"a\": { \"b\": { \"c\": { \"d\": { \"e\": { \"f\": { \"g\": { \"h\": { \"i\": 1 } } } } } } } } }")]
    public void NotAProfileAtAll_IsRefused(string json) =>
        Assert.Throws<SimulatorProfileException>(() => SimulatorProfile.Parse(json));

    [Test]
    public void AFileLongerThanTheCap_IsRefusedBeforeItIsRead()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "huge.json");
        File.WriteAllText(path, "{\"format\":\"shure-simulator-profile\",\"version\":1,\"description\":\"" + new string('a', SimulatorProfile.MaxFileLength) + "\"}");

        var ex = Assert.Throws<SimulatorProfileException>(() => SimulatorProfile.Load(path));
        Assert.That(ex!.Problems.Single(), Does.Contain("longer than"));
    }

    [Test]
    public async Task AFileThatRejectsAGet_PlaysIt_AndTheDumpLeavesItOut()
    {
        var profile = SimulatorProfile.Parse("""{ "format": "shure-simulator-profile", "version": 1, "gets": { "SERIAL_NUM": "reject", "FW_VER": "ignore" }, "dump": { "omits": ["1 CHAN_NAME"] } }""");
        using var sim = new Ani4OutSimulator(new SimulatorOptions { Profile = profile });
        await using var client = new FrameClient(sim.ConnectInMemory());

        Assert.That(await client.RequestAsync("< GET SERIAL_NUM >"), Is.EqualTo("< REP ERR >"));
        Assert.That(await client.RequestAsync("< GET 1 CHAN_NAME >"), Does.StartWith("< REP 1 CHAN_NAME {Output 1"));
        await client.SendAsync("< GET 0 ALL >< GET NOT_A_PARAMETER >");
        var dump = await client.NextUntilAsync(f => f == "< REP ERR >");
        Assert.That(dump, Has.None.Contains("SERIAL_NUM").And.None.Contains("FW_VER").And.None.Contains("REP 1 CHAN_NAME"));
        Assert.That(dump, Has.Some.Contains("REP 2 CHAN_NAME"));
    }

    // Everything a profile sets on the options, as text.
    private static string Options(SimulatorProfile profile)
    {
        var o = new SimulatorOptions { Profile = profile };
        return string.Join(";", o.AcceptLowerCase, o.AcceptTwoDigitChannels, o.StrictGrammar, o.UnsupportedRequests, o.TwoDigitChannelsInReports,
            o.FrameTerminator, o.EmptyPresetName, o.GetRepliesToAllSessions, o.SamplesToAllSessions, o.AcceptGetZeroAll, o.AcceptGetAllWithoutChannel,
            o.ReplyDelayMin, o.ReplyDelayMax, o.DumpFramePace, o.MaxSessions, o.SessionRefusal, o.DefaultSettingsReply, o.ReportChangesOnPresetRecall,
            o.AnswerUndocumentedGets, string.Join(",", o.GetResponses.OrderBy(p => p.Key, StringComparer.Ordinal)), string.Join(",", o.DumpOmits.OrderBy(k => k, StringComparer.Ordinal)));
    }

    private static string Body(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("name");
        node.Remove("description");
        return node.ToJsonString();
    }
}
