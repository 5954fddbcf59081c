using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.PacketBridge;
using ShureDrivers.Rooms;
using ShureDrivers.Simulator;

using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Rooms;

/// <summary>
/// Room files parsed and applied against simulated devices on the real clock, on every firmware profile that answers
/// promptly (slow and silent ones cost real seconds here; the device suite covers them on a fake clock).
/// </summary>
[CancelAfter(30_000)]
[TestFixtureSource(nameof(Profiles))]
public class RoomTests(string profileName)
{
    public static readonly string[] Profiles = TestProfiles.AnsweringAtOnce;

    private const string Example = """
        { "devices": [ { "name": "Boardroom ceiling",
                         "find": { "host": "room-a" },
                         "preset": 3,
                         "outputs": { "1": { "gainDb": -6.0, "muted": false, "level": "line" },
                                      "2": { "gainDb": -12.5, "muted": true } } },
                       { "name": "Lobby", "find": { "host": "room-b" }, "outputs": { "4": { "level": "aux" } } } ] }
        """;

    private readonly Dictionary<string, Ani4OutSimulator> _sims = new(StringComparer.OrdinalIgnoreCase);

    [SetUp]
    public void SetUp()
    {
        foreach (var name in new[] { "room-a", "room-b" })
        {
            var sim = new Ani4OutSimulator(new SimulatorOptions { Profile = SimulatorProfile.FromName(profileName) });
            sim.SavePreset(3, "Meeting");
            _sims[name] = sim;
        }
    }

    [TearDown]
    public void TearDown()
    {
        foreach (var sim in _sims.Values)
        {
            sim.Dispose();
        }
    }

    [TestCase("{ \"devices\": [ { \"name\": \"\\ud800\", \"find\": { \"host\": \"a\" } } ] }", "$.devices[0].name")]
    [TestCase("{ \"devices\": [ { \"name\": \"ok\", \"find\": { \"host\": \"\\udc00x\" } } ] }", "$.devices[0].find.host")]
    [TestCase("{ \"devices\": [ { \"name\": \"\\u001b[31mRed\", \"find\": { \"host\": \"a\" } } ] }", "$.devices[0].name")]
    [TestCase("{ \"devices\": [ { \"name\": \"Two\\nLines\", \"find\": { \"host\": \"a\" } } ] }", "$.devices[0].name")]
    [TestCase("{ \"devices\": [], \"\\ud800\": 1 }", "$")]
    public void HostileText_IsAProblemWithItsPath_NeverAnUnhandledException(string json, string path)
    {
        var ex = Assert.Throws<RoomConfigurationException>(() => RoomConfiguration.Parse(json))!;
        Assert.That(ex.Problems.Select(p => p.Path), Does.Contain(path));
    }

    [Test]
    public void Load_StopsAtTheCap_OnAStreamWithNoEnd()
    {
        using var endless = new EndlessStream();
        var ex = Assert.ThrowsAsync<RoomConfigurationException>(() => RoomConfiguration.LoadAsync(endless))!;
        Assert.That(ex.Problems.Single().Message, Does.Contain("larger than"));
        Assert.That(endless.BytesRead, Is.LessThanOrEqualTo(RoomConfiguration.MaxLength + 1), "read no further than the cap");
    }

    [Test]
    public async Task Load_ReadsUtf8_AndRefusesWhatIsNot()
    {
        var room = await RoomConfiguration.LoadAsync(new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes("\uFEFF" + Example)));
        Assert.That(room.Devices, Has.Count.EqualTo(2));
        var ex = Assert.ThrowsAsync<RoomConfigurationException>(() => RoomConfiguration.LoadAsync(new System.IO.MemoryStream([0x7B, 0xFF, 0xFE, 0x7D])))!;
        Assert.That(ex.Problems.Single().Message, Does.Contain("UTF-8"));
    }

    private sealed class EndlessStream : System.IO.Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => 0;

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)0, offset, count);
            BytesRead += count;
            return count;
        }

        public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Test]
    public void Parse_ReadsTheExample()
    {
        var room = RoomConfiguration.Parse(Example);
        Assert.That(room.Devices, Has.Count.EqualTo(2));
        var a = room.Devices[0];
        Assert.That(a.Name, Is.EqualTo("Boardroom ceiling"));
        Assert.That(a.Find.Host, Is.EqualTo("room-a"));
        Assert.That(a.Preset, Is.EqualTo(3));
        Assert.That(a.Outputs[2].Gain, Is.EqualTo(Gain.FromDb(-12.5)));
        Assert.That(a.Outputs[2].Muted, Is.True);
        Assert.That(a.Outputs[1].Level, Is.EqualTo(OutputLevel.Line));
        Assert.That(room.Devices[1].Outputs[4].Level, Is.EqualTo(OutputLevel.Aux));
    }

    [Test]
    public void Parse_ReportsEveryProblemWithItsPath()
    {
        const string Bad = """
            { "devices": [
                { "find": { "host": "a", "mdns": "b" }, "preset": 11 },
                { "name": "x", "find": { "host": "<evil>" }, "outputs": { "5": {}, "1": { "gainDb": 31, "muted": "yes", "level": "loud", "gain": 1 } } },
                { "name": "y", "find": { "mac": "00:0E:DD" }, "outputs": { "2": { "gainDb": -6.55 } } },
                { "name": "z", "find": { "dante": "fe80::1" } },
                { "name": "w", "find": { "mdns": "bad name!" } },
                { "name": "x", "find": { "host": "ok" } },
                "not an object"
            ], "extra": true }
            """;
        var ex = Assert.Throws<RoomConfigurationException>(() => RoomConfiguration.Parse(Bad))!;
        var paths = ex.Problems.Select(p => p.Path).ToList();
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "$.extra", "$.devices[0].name", "$.devices[0].find", "$.devices[0].preset",
            "$.devices[1].find.host", "$.devices[1].outputs.5", "$.devices[1].outputs.1.gainDb", "$.devices[1].outputs.1.muted",
            "$.devices[1].outputs.1.level", "$.devices[1].outputs.1.gain",
            "$.devices[2].find.mac", "$.devices[2].outputs.2.gainDb", "$.devices[3].find.dante", "$.devices[4].find.mdns", "$.devices[6]",
        }));
        Assert.That(ex.Problems.Single(p => p.Path == "$.devices[2].outputs.2.gainDb").Message, Does.Contain("0.1 dB"));
        Assert.That(ex.Message, Does.Contain("$.devices[1].find.host"));
    }

    [TestCase("")]
    [TestCase("{")]
    [TestCase("[]")]
    [TestCase("{ \"devices\": 3 }")]
    public void Parse_NotARoomFile_IsOneClearProblem(string json)
    {
        var ex = Assert.Throws<RoomConfigurationException>(() => RoomConfiguration.Parse(json))!;
        Assert.That(ex.Problems.Single().Path, Is.EqualTo("$"));
    }

    [Test]
    public async Task Apply_ChangesWhatDiffers_VerifiesIt_AndASecondRunChangesNothing()
    {
        var room = RoomConfiguration.Parse(Example);
        var first = await RoomApplier.ApplyAsync(room, Options());
        var a = first.Devices[0];
        Assert.That(a.Status, Is.EqualTo(RoomDeviceStatus.Ok));
        Assert.That(a.ResolvedHost, Is.EqualTo("room-a"));
        Assert.That(a.Settings.Select(s => s.Path), Is.EqualTo(new[] { "preset", "outputs.1.gainDb", "outputs.1.level", "outputs.1.muted", "outputs.2.gainDb", "outputs.2.muted" }));
        Assert.That(a.Settings.Single(s => s.Path == "preset").Result, Is.EqualTo(RoomSettingResult.Changed));
        Assert.That(a.Settings.Single(s => s.Path == "outputs.2.gainDb"), Has.Property("From").EqualTo("0.0").And.Property("To").EqualTo("-12.5").And.Property("Result").EqualTo(RoomSettingResult.Changed));
        Assert.That(a.Settings.Single(s => s.Path == "outputs.1.level").Result, Is.EqualTo(RoomSettingResult.Unchanged));
        Assert.That(_sims["room-a"].ActivePreset, Is.EqualTo(3));
        Assert.That(_sims["room-a"].GetGain(2), Is.EqualTo(Gain.FromDb(-12.5)));
        Assert.That(_sims["room-b"].GetOutputLevel(4), Is.EqualTo("AUX_LVL"));

        foreach (var sim in _sims.Values)
        {
            sim.ClearReceivedFrames();
        }

        var second = await RoomApplier.ApplyAsync(room, Options());
        Assert.That(second.AllUnchanged, Is.True, string.Join("; ", second.Devices.SelectMany(d => d.Settings)));
        Assert.That(_sims.Values.SelectMany(s => s.ReceivedFrames).Where(f => f.StartsWith("< SET", StringComparison.Ordinal)), Is.Empty, "nothing is sent the second time");
    }

    [Test]
    public async Task DryRun_ReportsTheDiff_AndSendsNoSet()
    {
        var report = await RoomApplier.ApplyAsync(RoomConfiguration.Parse(Example), Options(dryRun: true));
        Assert.That(report.Devices[0].Settings.Count(s => s.Result == RoomSettingResult.WouldChange), Is.EqualTo(4));
        Assert.That(_sims.Values.SelectMany(s => s.ReceivedFrames).Where(f => f.StartsWith("< SET", StringComparison.Ordinal)), Is.Empty);
        Assert.That(_sims["room-a"].GetGain(2), Is.EqualTo(Gain.Unity));
    }

    [Test]
    public async Task OneUnreachableOrFailingDevice_DoesNotStopTheOthers()
    {
        _sims["room-b"].Faults.RejectWhen = c => c.Name == "AUDIO_OUT_LVL_SWITCH" && c.Kind == ShureDrivers.Protocol.CommandKind.Set;
        var json = Example.Replace("\"Lobby\", \"find\": { \"host\": \"room-b\" }", "\"Lobby\", \"find\": { \"host\": \"room-b\" }", StringComparison.Ordinal)
            .Replace("] }", ", { \"name\": \"Gone\", \"find\": { \"host\": \"nowhere\" } } ] }", StringComparison.Ordinal);
        var report = await RoomApplier.ApplyAsync(RoomConfiguration.Parse(json), Options(concurrency: 1));
        Assert.That(report.Devices.Select(d => d.Status), Is.EqualTo(new[] { RoomDeviceStatus.Ok, RoomDeviceStatus.Failed, RoomDeviceStatus.Unreachable }));
        Assert.That(report.Devices[1].Settings.Single().Error, Does.Contain("REP ERR"));
        Assert.That(report.Devices[2].Error, Does.Contain("could not connect"));
        Assert.That(report.AnyFailed && report.AnyUnreachable, Is.True);
    }

    [Test]
    public async Task Progress_IsReportedPerDevice()
    {
        var seen = new List<string>();
        var options = Options(concurrency: 1);
        options.Progress = new SynchronousProgress(r => seen.Add(r.Name));
        await RoomApplier.ApplyAsync(RoomConfiguration.Parse(Example), options);
        Assert.That(seen, Is.EqualTo(new[] { "Boardroom ceiling", "Lobby" }));
    }

    [Test]
    public async Task Snapshot_RoundTripsThroughApplyUnchanged()
    {
        var sim = _sims["room-a"];
        sim.SetGain(3, Gain.FromDb(-7.5));
        sim.SetMuted(1, true);
        await using var device = await Ani4OutDevice.ConnectAsync("room-a", new DeviceSessionOptions { Connector = new RoutingConnector(_sims) });
        var json = RoomApplier.Snapshot(device, "A", new RoomDeviceLocator { Host = "room-a" }).ToJson();
        var room = RoomConfiguration.Parse(json);
        Assert.That(room.Devices[0].Outputs[3].Gain, Is.EqualTo(Gain.FromDb(-7.5)));
        var report = await RoomApplier.ApplyAsync(room, Options());
        Assert.That(report.AllUnchanged, Is.True);
    }

    [Test]
    [Category("Loopback")]
    public async Task DanteLocator_GoesThroughThePacketBridge()
    {
        // Address mode on free ports: device 2's Dante and control addresses differ, and no other run holds its ports.
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 2, UsePorts = false, ControlPort = 0, DantePort = 0 });
        var target = fleet.Devices[1];
        var json = $$"""{ "devices": [ { "name": "Via Dante", "find": { "dante": "{{target.DanteEndPoint.Address}}" }, "outputs": { "1": { "muted": true } } } ] }""";
        var report = await RoomApplier.ApplyAsync(RoomConfiguration.Parse(json), new RoomApplyOptions
        {
            Session = new DeviceSessionOptions { Port = target.ControlEndPoint.Port },
            PacketBridge = new PacketBridgeOptions { Port = target.DanteEndPoint.Port },
        });
        Assert.That(report.Devices[0].ResolvedHost, Is.EqualTo(target.ControlEndPoint.ToString()));
        Assert.That(report.Devices[0].Status, Is.EqualTo(RoomDeviceStatus.Ok));
        Assert.That(fleet.Devices[1].Simulator.IsMuted(1), Is.True);
        Assert.That(fleet.Devices[0].Simulator.IsMuted(1), Is.False);
    }

    private RoomApplyOptions Options(bool dryRun = false, int concurrency = 8) => new()
    {
        DryRun = dryRun,
        Concurrency = concurrency,
        Session = new DeviceSessionOptions { Connector = new RoutingConnector(_sims) },
    };

    private sealed class SynchronousProgress(Action<RoomDeviceReport> report) : IProgress<RoomDeviceReport>
    {
        public void Report(RoomDeviceReport value) => report(value);
    }
}
