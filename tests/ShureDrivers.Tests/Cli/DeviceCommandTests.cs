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

/// <summary>The device commands of <c>shure</c>, in-process, against a simulated device on loopback TCP.</summary>
[Category("Loopback")]
[CancelAfter(30_000)]
[TestFixtureSource(nameof(Profiles))]
public class DeviceCommandTests(string profileName)
{
    // On the real clock: the profiles that answer at once (StatusProfileTests covers all six).
    public static readonly string[] Profiles = TestProfiles.AnsweringAtOnce;

    private LoopbackDevice _device = null!;

    [SetUp]
    public void SetUp()
    {
        _device = LoopbackDevice.Start(new SimulatorOptions { Profile = SimulatorProfile.FromName(profileName), Signal = SignalModel.Constant(-18) });
    }

    [TearDown]
    public async Task TearDown() => await _device.DisposeAsync();

    [Test]
    public async Task Gain_SendsExactlyTheWire_AndStatusJsonShowsIt()
    {
        var (code, _, _) = await RunAsync("gain", _device.Host, "2", "-6.5");
        Assert.That(code, Is.Zero);
        Assert.That(_device.Simulator.ReceivedFrames, Does.Contain("< SET 2 AUDIO_GAIN_HI_RES 1035 >"));
        Assert.That(_device.Simulator.ReceivedFrames.Count(f => f.StartsWith("< SET", StringComparison.Ordinal)), Is.EqualTo(1), "exactly one SET");

        var (statusCode, json, _) = await RunAsync("status", _device.Host, "--json");
        Assert.That(statusCode, Is.Zero);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.That(root.GetProperty("model").GetString(), Is.EqualTo("ANI4OUT-XLR"));
        Assert.That(root.GetProperty("preset").GetInt32(), Is.Zero);
        var output2 = root.GetProperty("outputs")[1];
        Assert.That(output2.GetProperty("channel").GetInt32(), Is.EqualTo(2));
        Assert.That(output2.GetProperty("gainDb").GetDouble(), Is.EqualTo(-6.5));
        Assert.That(output2.GetProperty("muted").GetBoolean(), Is.False);
        Assert.That(output2.GetProperty("level").GetString(), Is.EqualTo("line"));
        Assert.That(root.GetProperty("outputs").GetArrayLength(), Is.EqualTo(4));
    }

    [Test]
    public async Task Gain_UpAndDown_StepAndClamp()
    {
        Assert.That((await RunAsync("gain", _device.Host, "1", "--up", "2.5")).Code, Is.Zero);
        Assert.That(_device.Simulator.GetGain(1), Is.EqualTo(Gain.FromDb(2.5)));
        Assert.That((await RunAsync("gain", _device.Host, "1", "--down", "200")).Code, Is.EqualTo(2), "beyond 140 dB is a usage error");
        Assert.That((await RunAsync("gain", _device.Host, "1", "--up", "40")).Code, Is.Zero);
        Assert.That(_device.Simulator.GetGain(1), Is.EqualTo(Gain.MaxValue));
    }

    [Test]
    public async Task Mute_OneOrAll_AndToggle()
    {
        Assert.That((await RunAsync("mute", _device.Host, "3", "on")).Code, Is.Zero);
        Assert.That(_device.Simulator.IsMuted(3), Is.True);
        Assert.That((await RunAsync("mute", _device.Host, "3", "toggle")).Code, Is.Zero);
        Assert.That(_device.Simulator.IsMuted(3), Is.False);
        var (code, json, _) = await RunAsync("mute", _device.Host, "all", "on", "--json");
        Assert.That(code, Is.Zero);
        Assert.That(Enumerable.Range(1, 4).All(_device.Simulator.IsMuted), Is.True);
        Assert.That(JsonDocument.Parse(json).RootElement.GetProperty("outputs").GetArrayLength(), Is.EqualTo(4));
    }

    [Test]
    public async Task Level_Preset_Identify()
    {
        Assert.That((await RunAsync("level", _device.Host, "4", "aux")).Code, Is.Zero);
        Assert.That(_device.Simulator.GetOutputLevel(4), Is.EqualTo("AUX_LVL"));

        _device.Simulator.SavePreset(2, "Panel");
        var (code, json, _) = await RunAsync("preset", _device.Host, "2", "--json");
        Assert.That(code, Is.Zero);
        Assert.That(_device.Simulator.ActivePreset, Is.EqualTo(2));
        Assert.That(JsonDocument.Parse(json).RootElement.GetProperty("presets")[1].GetProperty("name").GetString(), Is.EqualTo("Panel"));
        Assert.That((await RunAsync("preset", _device.Host, "7")).Code, Is.EqualTo(4), "an empty slot is rejected by the device");
        Assert.That((await RunAsync("preset", _device.Host, "11")).Code, Is.EqualTo(2));

        Assert.That((await RunAsync("identify", _device.Host)).Code, Is.Zero);
        Assert.That(_device.Simulator.IsFlashing, Is.True);
        Assert.That((await RunAsync("identify", _device.Host, "--off")).Code, Is.Zero);
        Assert.That(_device.Simulator.IsFlashing, Is.False);
    }

    [Test]
    public async Task Meter_PrintsReadingsAndStopsMetering()
    {
        var (code, output, _) = await RunAsync("meter", _device.Host, "--rate", "100", "--count", "3", "--json");
        Assert.That(code, Is.Zero);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(JsonDocument.Parse(lines[0]).RootElement.GetProperty("dbfs")[0].GetDouble(), Is.EqualTo(-18.0));
        Assert.That(_device.Simulator.MeterRate, Is.Zero, "metering is stopped on exit");
    }

    [Test]
    public async Task Raw_PrintsTheReply_AndRejectionsExitWith4()
    {
        var (code, output, _) = await RunAsync("raw", _device.Host, "< GET 1 AUDIO_MUTE >");
        Assert.That(code, Is.Zero);
        // As the device sent it: the sibling profile writes two-digit channels, and raw does not re-render.
        Assert.That(output.Trim(), Is.EqualTo(profileName == "sibling" ? "< REP 01 AUDIO_MUTE OFF >" : "< REP 1 AUDIO_MUTE OFF >"));

        _device.Simulator.Faults.RejectWhen = c => c.Name == "AUDIO_MUTE";
        var (rejected, rejectedOutput, _) = await RunAsync("raw", _device.Host, "< SET 1 AUDIO_MUTE ON >");
        Assert.That(rejected, Is.EqualTo(4));
        Assert.That(rejectedOutput.Trim(), Is.EqualTo("< REP ERR >"));
    }

    [TestCase("raw", "< SET 1 AUDIO_MUTE MAYBE >")]
    [TestCase("raw", "< REP 1 AUDIO_MUTE ON >")]
    [TestCase("raw", "< SET 1 CHAN_NAME {a} >< SET REBOOT >")]
    [TestCase("raw", "not a frame")]
    [TestCase("gain", "2", "loud")]
    [TestCase("gain", "5", "-3")]
    [TestCase("gain", "1")]
    [TestCase("mute", "9", "on")]
    [TestCase("mute", "1", "maybe")]
    [TestCase("level", "1", "loud")]
    [TestCase("meter", "--rate", "50")]
    public async Task BadArguments_ExitWith2_AndSendNoSet(params string[] args)
    {
        var withHost = new[] { args[0], _device.Host }.Concat(args.Skip(1)).ToArray();
        var (code, _, error) = await RunAsync(withHost);
        Assert.That(code, Is.EqualTo(2), error);
        Assert.That(error, Does.Not.Contain("(Parameter"));
        Assert.That(_device.Simulator.ReceivedFrames.Any(f => f.StartsWith("< SET", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Unreachable_ExitsWith3()
    {
        _device.Simulator.Faults.RefuseConnections = true;
        var (code, _, error) = await RunAsync("status", _device.Host, "--timeout", "2");
        Assert.That(code, Is.EqualTo(3));
        // The refusal is a reset right after accept: it lands during the connect or during the first read, by timing.
        Assert.That(error, Does.Contain("could not connect").Or.Contain("no connection").Or.Contain("the connection was lost before"));
    }

    [Test]
    public async Task SilentDevice_TimesOutWith3()
    {
        _device.Simulator.Faults.Silent = true;
        var (code, _, error) = await RunAsync("raw", _device.Host, "< GET MODEL >", "--timeout", "0.3");
        Assert.That(code, Is.EqualTo(3));
        Assert.That(error, Does.Contain("no reply"));
    }

    [Test]
    public async Task PortOption_OverridesTheHostsPort()
    {
        var (code, output, _) = await RunAsync("raw", "127.0.0.1:1", "--port", _device.Listener.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "< GET MODEL >");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("ANI4OUT-XLR"));
    }
}
