using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Protocol;
using ShureDrivers.Rooms;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Rooms;

/// <summary>Room files with an ANI4IN beside an ANI4OUT: inputs, the model check, and snapshots of both.</summary>
[CancelAfter(20_000)]
public class Ani4InRoomTests
{
    private const string MixedRoom = """
        { "devices": [
            { "name": "Speakers", "find": { "host": "out" }, "outputs": { "2": { "gainDb": -6.0, "level": "aux" } } },
            { "name": "Lectern", "find": { "host": "in" }, "model": "ANI4IN",
              "inputs": { "1": { "analogGainDb": 36, "phantom": true, "gainDb": -3.0 }, "4": { "muted": true } } } ] }
        """;

    private readonly Dictionary<string, Ani4OutSimulator> _sims = new(StringComparer.OrdinalIgnoreCase);

    [SetUp]
    public void SetUp()
    {
        _sims["out"] = new Ani4OutSimulator(new SimulatorOptions());
        _sims["in"] = new Ani4OutSimulator(new SimulatorOptions { Family = SimulatedFamily.Ani4In });
    }

    [TearDown]
    public void TearDown()
    {
        foreach (var sim in _sims.Values)
        {
            sim.Dispose();
        }
    }

    [Test]
    public async Task AMixedRoom_SetsOutputsAndInputs_ThenAgainChangesNothing()
    {
        var room = RoomConfiguration.Parse(MixedRoom);
        var first = await RoomApplier.ApplyAsync(room, Options());
        Assert.That(first.Devices.Select(d => d.Status), Is.All.EqualTo(RoomDeviceStatus.Ok), string.Join("; ", first.Devices.Select(d => d.Error)));
        var lectern = first.Devices.Single(d => d.Name == "Lectern");
        Assert.That(lectern.Settings.Select(s => (s.Path, s.Result)), Is.EquivalentTo(new[]
        {
            ("inputs.1.analogGainDb", RoomSettingResult.Changed),
            ("inputs.1.phantom", RoomSettingResult.Changed),
            ("inputs.1.gainDb", RoomSettingResult.Changed),
            ("inputs.4.muted", RoomSettingResult.Changed),
        }));
        Assert.That(_sims["in"].GetValue(Ani4InParameters.AudioGain, 1).Number, Is.EqualTo(36));
        Assert.That(_sims["in"].IsMuted(4), Is.True);
        Assert.That(_sims["out"].GetOutputLevel(2), Is.EqualTo("AUX_LVL"));

        var second = await RoomApplier.ApplyAsync(room, Options());
        Assert.That(second.Devices.SelectMany(d => d.Settings).Select(s => s.Result), Is.All.EqualTo(RoomSettingResult.Unchanged));
    }

    [Test]
    public async Task ADryRun_SaysWhatWouldChange_AndSendsNoSet()
    {
        var report = await RoomApplier.ApplyAsync(RoomConfiguration.Parse(MixedRoom), new RoomApplyOptions { DryRun = true, Session = new DeviceSessionOptions { Connector = new RoutingConnector(_sims) } });
        var lectern = report.Devices.Single(d => d.Name == "Lectern");
        Assert.That(lectern.Settings.Select(s => s.Result), Is.All.EqualTo(RoomSettingResult.WouldChange));
        Assert.That(lectern.Settings.Single(s => s.Path == "inputs.1.analogGainDb").From, Is.EqualTo("0"));
        Assert.That(_sims["in"].ReceivedFrames.Where(f => f.StartsWith("< SET", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task InputsForADeviceThatIsAnAni4Out_AreRefused_BeforeAnythingChanges()
    {
        var room = RoomConfiguration.Parse("""{ "devices": [ { "name": "Wrong", "find": { "host": "out" }, "inputs": { "1": { "muted": true } } } ] }""");
        var report = await RoomApplier.ApplyAsync(room, Options());
        Assert.That(report.Devices[0].Status, Is.EqualTo(RoomDeviceStatus.WrongModel));
        Assert.That(report.Devices[0].Error, Does.Contain("ANI4OUT-XLR"));
        Assert.That(_sims["out"].ReceivedFrames.Where(f => f.StartsWith("< SET", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task APresetOnlyDevice_MayBeEitherModel()
    {
        _sims["in"].SavePreset(2, "Panel");
        var room = RoomConfiguration.Parse("""{ "devices": [ { "name": "Any", "find": { "host": "in" }, "preset": 2 } ] }""");
        var report = await RoomApplier.ApplyAsync(room, Options());
        Assert.That(report.Devices[0].Status, Is.EqualTo(RoomDeviceStatus.Ok), report.Devices[0].Error);
        Assert.That(_sims["in"].ActivePreset, Is.EqualTo(2));
    }

    [TestCase("""{ "name": "x", "find": { "host": "a" }, "model": "ANI4IN", "outputs": { "1": { "muted": true } } }""", "$.devices[0].outputs", "an ANI4IN has inputs")]
    [TestCase("""{ "name": "x", "find": { "host": "a" }, "model": "ANI4OUT", "inputs": { "1": { "muted": true } } }""", "$.devices[0].inputs", "an ANI4OUT has outputs")]
    [TestCase("""{ "name": "x", "find": { "host": "a" }, "outputs": {}, "inputs": {} }""", "$.devices[0].inputs", "not both")]
    [TestCase("""{ "name": "x", "find": { "mdns": "ANI4IN-aabbcc" }, "outputs": { "1": { "muted": true } } }""", "$.devices[0].outputs", "an ANI4IN has inputs")]
    [TestCase("""{ "name": "x", "find": { "host": "a" }, "inputs": { "1": { "analogGainDb": 25 } } }""", "$.devices[0].inputs.1.analogGainDb", "3 dB steps")]
    [TestCase("""{ "name": "x", "find": { "host": "a" }, "inputs": { "1": { "analogGainDb": 54 } } }""", "$.devices[0].inputs.1.analogGainDb", "3 dB steps")]
    [TestCase("""{ "name": "x", "find": { "host": "a" }, "inputs": { "5": { "muted": true } } }""", "$.devices[0].inputs.5", "inputs are")]
    [TestCase("""{ "name": "x", "find": { "host": "a" }, "inputs": { "1": { "level": "line" } } }""", "$.devices[0].inputs.1.level", "unknown setting")]
    [TestCase("""{ "name": "x", "find": { "host": "a" }, "model": "P300" }""", "$.devices[0].model", "ANI4OUT")]
    [TestCase("""{ "name": "x", "find": { "mdns": "ANI4OUT-aabbcc" }, "model": "ANI4IN" }""", "$.devices[0].model", "ANI4OUT's")]
    public void AFileThatMixesTheModelsUp_IsRefused_WithThePath(string device, string path, string message)
    {
        var ex = Assert.Throws<RoomConfigurationException>(() => RoomConfiguration.Parse("{ \"devices\": [ " + device + " ] }"))!;
        Assert.That(ex.Problems.Select(p => p.Path), Does.Contain(path), string.Join("; ", ex.Problems));
        Assert.That(ex.Problems.Single(p => p.Path == path).Message, Does.Contain(message));
    }

    [Test]
    public async Task ASnapshotOfAnAni4In_HoldsItsInputs_AndRoundTrips()
    {
        _sims["in"].SetValue(Ani4InParameters.AudioGain, CommandValue.FromNumber(27), 3);
        await using var device = await Ani4InDevice.ConnectAsync("in", new DeviceSessionOptions { Connector = new RoutingConnector(_sims) });
        var snapshot = RoomApplier.Snapshot(device, "Lectern", new RoomDeviceLocator { Host = "in" });
        var json = snapshot.ToJson();
        Assert.That(json, Does.Contain("\"model\": \"ANI4IN\"").And.Contain("\"inputs\"").And.Not.Contain("\"outputs\""));
        var report = await RoomApplier.ApplyAsync(RoomConfiguration.Parse(json), Options());
        Assert.That(report.Devices[0].Settings.Select(s => s.Result), Is.All.EqualTo(RoomSettingResult.Unchanged));
        Assert.That(report.Devices[0].Settings.Select(s => s.Path), Does.Contain("inputs.3.analogGainDb"));
    }

    private RoomApplyOptions Options() => new() { Session = new DeviceSessionOptions { Connector = new RoutingConnector(_sims) } };
}
