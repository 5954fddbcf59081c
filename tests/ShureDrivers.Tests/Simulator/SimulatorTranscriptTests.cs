using Microsoft.Extensions.Time.Testing;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

/// <summary>Request → reply transcripts against the simulator, for every parameter of the command table.</summary>
[CancelAfter(20_000)]
public class SimulatorTranscriptTests
{
    private FakeTimeProvider _time = null!;
    private Ani4OutSimulator _simulator = null!;
    private FrameClient _client = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _simulator = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = _time, SerialNumber = "3RG1234567", FirmwareVersion = "4.6.14" });
        _client = new FrameClient(_simulator.ConnectInMemory());
    }

    [TearDown]
    public async Task TearDown()
    {
        await _client.DisposeAsync();
        _simulator.Dispose();
    }

    [TestCase("< GET MODEL >", "< REP MODEL {ANI4OUT-XLR                     } >")]
    [TestCase("< GET SERIAL_NUM >", "< REP SERIAL_NUM {3RG1234567                      } >")]
    [TestCase("< GET FW_VER >", "< REP FW_VER {4.6.14            } >")]
    [TestCase("< GET DEVICE_ID >", "< REP DEVICE_ID {ANI4OUT-5399e0                 } >")]
    [TestCase("< GET NA_DEVICE_NAME >", "< REP NA_DEVICE_NAME {ANI4OUT-5399e0                 } >")]
    [TestCase("< GET IP_ADDR_NET_AUDIO_PRIMARY >", "< REP IP_ADDR_NET_AUDIO_PRIMARY {127.0.0.1      } >")]
    [TestCase("< GET IP_SUBNET_NET_AUDIO_PRIMARY >", "< REP IP_SUBNET_NET_AUDIO_PRIMARY {255.0.0.0      } >")]
    [TestCase("< GET IP_GATEWAY_NET_AUDIO_PRIMARY >", "< REP IP_GATEWAY_NET_AUDIO_PRIMARY {0.0.0.0        } >")]
    [TestCase("< GET CONTROL_MAC_ADDR >", "< REP CONTROL_MAC_ADDR 00:0E:DD:53:99:E0 >")]
    [TestCase("< GET PRESET >", "< REP PRESET 00 >")]
    [TestCase("< GET PRESET1 >", "< REP PRESET1 {                         } >")]
    [TestCase("< GET PRESET10 >", "< REP PRESET10 {                         } >")]
    [TestCase("< GET FLASH >", "< REP FLASH OFF >")]
    [TestCase("< GET LED_BRIGHTNESS >", "< REP LED_BRIGHTNESS 2 >")]
    [TestCase("< GET METER_RATE >", "< REP METER_RATE 00000 >")]
    [TestCase("< GET AUDIO_SUMMING_MODE >", "< REP AUDIO_SUMMING_MODE OFF >")]
    [TestCase("< GET OUTPUT_METER_MODE >", "< REP OUTPUT_METER_MODE POST_FADER >")]
    [TestCase("< GET ENCRYPTION >", "< REP ENCRYPTION OFF >")]
    [TestCase("< GET LAST_ERROR_EVENT >", "< REP LAST_ERROR_EVENT {                                                                                                                                } >")]
    [TestCase("< GET 1 CHAN_NAME >", "< REP 1 CHAN_NAME {Output 1                       } >")]
    [TestCase("< GET 3 NA_CHAN_NAME >", "< REP 3 NA_CHAN_NAME {03                             } >")]
    [TestCase("< GET 2 AUDIO_GAIN_HI_RES >", "< REP 2 AUDIO_GAIN_HI_RES 1100 >")]
    [TestCase("< GET 02 AUDIO_GAIN_HI_RES >", "< REP 2 AUDIO_GAIN_HI_RES 1100 >")]
    [TestCase("< GET 4 AUDIO_MUTE >", "< REP 4 AUDIO_MUTE OFF >")]
    [TestCase("< GET 1 AUDIO_OUT_LVL_SWITCH >", "< REP 1 AUDIO_OUT_LVL_SWITCH LINE_LVL >")]
    [TestCase("< GET 2 AUDIO_OUT_CLIP_INDICATOR >", "< REP 2 AUDIO_OUT_CLIP_INDICATOR OFF >")]
    [TestCase("< GET 3 LIMITER_ENGAGED >", "< REP 3 LIMITER_ENGAGED OFF >")]
    [TestCase("< GET 4 LED_COLOR_SIG_CLIP >", "< REP 4 LED_COLOR_SIG_CLIP OFF >")]
    [TestCase("< GET 1 LED_STATE_SIG_CLIP >", "< REP 1 LED_STATE_SIG_CLIP OFF >")]
    [TestCase("< GET 01 PEQ 03 >", "< REP 01 PEQ 03 OFF >")]
    [TestCase("\r\n< GET MODEL >\r\n", "< REP MODEL {ANI4OUT-XLR                     } >")]
    [TestCase("< get model >", "< REP MODEL {ANI4OUT-XLR                     } >")]
    public async Task Get_AnswersWithTheExactReport(string request, string reply)
    {
        Assert.That(await _client.RequestAsync(request), Is.EqualTo(reply));
    }

    [TestCase("< SET 2 AUDIO_GAIN_HI_RES 1035 >", "< REP 2 AUDIO_GAIN_HI_RES 1035 >")]
    [TestCase("< SET 2 AUDIO_GAIN_HI_RES 35 >", "< REP 2 AUDIO_GAIN_HI_RES 0035 >")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES INC 5 >", "< REP 1 AUDIO_GAIN_HI_RES 1105 >")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES DEC 120 >", "< REP 1 AUDIO_GAIN_HI_RES 0980 >")]
    [TestCase("< SET 3 AUDIO_MUTE ON >", "< REP 3 AUDIO_MUTE ON >")]
    [TestCase("< SET 3 AUDIO_MUTE TOGGLE >", "< REP 3 AUDIO_MUTE ON >")]
    [TestCase("< SET 4 AUDIO_OUT_LVL_SWITCH MIC_LVL >", "< REP 4 AUDIO_OUT_LVL_SWITCH MIC_LVL >")]
    [TestCase("< SET LED_BRIGHTNESS 0 >", "< REP LED_BRIGHTNESS 0 >")]
    [TestCase("< SET METER_RATE 00000 >", "< REP METER_RATE 00000 >")]
    [TestCase("< SET METER_RATE 0 >", "< REP METER_RATE 00000 >")]
    [TestCase("< SET AUDIO_SUMMING_MODE 1+2/3+4 >", "< REP AUDIO_SUMMING_MODE 1+2/3+4 >")]
    [TestCase("< SET OUTPUT_METER_MODE PRE_FADER >", "< REP OUTPUT_METER_MODE PRE_FADER >")]
    [TestCase("< SET FLASH ON >", "< REP FLASH ON >")]
    [TestCase("< SET 02 PEQ 04 ON >", "< REP 02 PEQ 04 ON >")]
    [TestCase("< SET DEFAULT_SETTINGS >", "< REP PRESET 00 >")]
    public async Task Set_AppliesAndReports(string request, string reply)
    {
        Assert.That(await _client.RequestAsync(request), Is.EqualTo(reply));
    }

    [TestCase("< SET 1 AUDIO_GAIN_HI_RES 1401 >")]
    [TestCase("< SET 0 AUDIO_GAIN_HI_RES 1000 >")]
    [TestCase("< SET 5 AUDIO_MUTE ON >")]
    [TestCase("< GET 5 AUDIO_MUTE >")]
    [TestCase("< GET AUDIO_MUTE >")]
    [TestCase("< SET 1 AUDIO_MUTE MAYBE >")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES TOGGLE >")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES INC 1000 >")]
    [TestCase("< SET MODEL {X} >")]
    [TestCase("< SET SERIAL_NUM {X} >")]
    [TestCase("< SET FW_VER {X} >")]
    [TestCase("< SET DEVICE_ID {X} >")]
    [TestCase("< SET NA_DEVICE_NAME {X} >")]
    [TestCase("< SET IP_ADDR_NET_AUDIO_PRIMARY {1.2.3.4} >")]
    [TestCase("< SET IP_SUBNET_NET_AUDIO_PRIMARY {1.2.3.4} >")]
    [TestCase("< SET IP_GATEWAY_NET_AUDIO_PRIMARY {1.2.3.4} >")]
    [TestCase("< SET CONTROL_MAC_ADDR 00:0E:DD:00:00:01 >")]
    [TestCase("< SET PRESET1 {X} >")]
    [TestCase("< SET ENCRYPTION ON >")]
    [TestCase("< SET LAST_ERROR_EVENT {X} >")]
    [TestCase("< SET 1 CHAN_NAME {X} >")]
    [TestCase("< SET 1 NA_CHAN_NAME {X} >")]
    [TestCase("< SET 1 AUDIO_OUT_CLIP_INDICATOR ON >")]
    [TestCase("< SET 1 LIMITER_ENGAGED ON >")]
    [TestCase("< SET 1 LED_COLOR_SIG_CLIP RED >")]
    [TestCase("< SET 1 LED_STATE_SIG_CLIP ON >")]
    [TestCase("< SET 1 AUDIO_IN_PEAK_LVL 010 >")]
    [TestCase("< SET 1 AUDIO_IN_RMS_LVL 010 >")]
    [TestCase("< GET REBOOT >")]
    [TestCase("< GET DEFAULT_SETTINGS >")]
    [TestCase("< SET PRESET 0 >")]
    [TestCase("< SET PRESET 11 >")]
    [TestCase("< SET PRESET 3 >")]
    [TestCase("< SET METER_RATE 99 >")]
    [TestCase("< SET METER_RATE 1 >")]
    [TestCase("< SET LED_BRIGHTNESS 3 >")]
    [TestCase("< SET AUDIO_SUMMING_MODE 1+3 >")]
    [TestCase("< SET OUTPUT_METER_MODE MIDDLE >")]
    [TestCase("< SET 1 AUDIO_OUT_LVL_SWITCH LOUD_LVL >")]
    [TestCase("< SET 01 PEQ 05 ON >")]
    [TestCase("< GET 1 AUDIO_GAIN >")]
    [TestCase("< SET 1 PHANTOM_PWR_ENABLE ON >")]
    [TestCase("< SET DEVICE_AUDIO_MUTE ON >")]
    [TestCase("< GET INPUT_METER_MODE >")]
    [TestCase("< GET PRESET_NAME 01 >")]
    [TestCase("< GET NOTHING_LIKE_THIS >")]
    [TestCase("< REP 1 AUDIO_MUTE ON >")]
    [TestCase("< SAMPLE 1 2 3 4 >")]
    [TestCase("< REP ERR >")]
    [TestCase("< HELLO >")]
    [TestCase("< GET >")]
    [TestCase("< GET 1 CHAN_NAME {x} {y} >")]
    [TestCase("< SET 1 AUDIO_MUTE O\u0001N >")]
    public async Task InvalidRequest_GetsRepErrAndChangesNothing(string request)
    {
        var before = Snapshot();
        Assert.That(await _client.RequestAsync(request), Is.EqualTo("< REP ERR >"));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task EveryParameter_HasAWorkingGetOrSetTranscript()
    {
        var parser = CommandStringParser.Ani4Out;
        var table = Ani4OutCommandTable.Table;
        foreach (var p in table.Parameters)
        {
            if ((p.Access & ParameterAccess.Get) != 0 && p.ValueKind != ParameterValueKind.Dump)
            {
                var request = p.Scope == ParameterScope.Device ? CommandString.Get(p.Name)
                    : p.GetIndexes is null ? CommandString.Get(2, p.Name) : CommandString.Get(2, p.Name, 3);
                var reply = parser.Parse(await _client.RequestAsync(CommandStringFormatter.Ani4Out.Format(request)));
                Assert.That(new PendingCommand(request, p).IsAnsweredBy(reply), Is.True, $"{p.Name}: {reply}");
                Assert.That(table.TryValidate(reply, out var error), Is.True, $"{p.Name}: {error}");
            }

            if ((p.Access & ParameterAccess.Set) == 0)
            {
                Assert.That(await _client.RequestAsync(ReadOnlySet(p)), Is.EqualTo("< REP ERR >"), p.Name);
            }
        }
    }

    [Test]
    public async Task GreaterThanInsideBraces_DoesNotEndTheFrame()
    {
        await _client.SendAsync("< GET 1 CHAN_NAME {open > ");
        await _client.SendAsync("} >< GET 2 AUDIO_MUTE >");
        Assert.That(await _client.NextAsync(), Is.EqualTo("< REP ERR >"), "a GET with a value is refused once the frame is complete");
        Assert.That(await _client.NextAsync(), Is.EqualTo("< REP 2 AUDIO_MUTE OFF >"));
    }

    [Test]
    public async Task JunkBetweenFrames_IsIgnored()
    {
        await _client.SendAsync("garbage\r\n< GET 1 AUDIO_MUTE >\r\n\r\nmore junk< GET 2 AUDIO_MUTE >");
        Assert.That(await _client.NextAsync(), Is.EqualTo("< REP 1 AUDIO_MUTE OFF >"));
        Assert.That(await _client.NextAsync(), Is.EqualTo("< REP 2 AUDIO_MUTE OFF >"));
    }

    [Test]
    public async Task IncAndDec_ClampAtTheRangeEnds()
    {
        Assert.That(await _client.RequestAsync("< SET 1 AUDIO_GAIN_HI_RES 1390 >"), Is.EqualTo("< REP 1 AUDIO_GAIN_HI_RES 1390 >"));
        Assert.That(await _client.RequestAsync("< SET 1 AUDIO_GAIN_HI_RES INC 50 >"), Is.EqualTo("< REP 1 AUDIO_GAIN_HI_RES 1400 >"));
        Assert.That(await _client.RequestAsync("< SET 1 AUDIO_GAIN_HI_RES 5 >"), Is.EqualTo("< REP 1 AUDIO_GAIN_HI_RES 0005 >"));
        Assert.That(await _client.RequestAsync("< SET 1 AUDIO_GAIN_HI_RES DEC 999 >"), Is.EqualTo("< REP 1 AUDIO_GAIN_HI_RES 0000 >"));
    }

    [Test]
    public async Task Toggle_FlipsBothWays()
    {
        Assert.That(await _client.RequestAsync("< SET 2 AUDIO_MUTE TOGGLE >"), Is.EqualTo("< REP 2 AUDIO_MUTE ON >"));
        Assert.That(await _client.RequestAsync("< SET 2 AUDIO_MUTE TOGGLE >"), Is.EqualTo("< REP 2 AUDIO_MUTE OFF >"));
        Assert.That(_simulator.IsMuted(2), Is.False);
    }

    [Test]
    public async Task GetChannelZero_ReportsEveryChannel()
    {
        await _client.SendAsync("< GET 0 AUDIO_MUTE >");
        var frames = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            frames.Add(await _client.NextAsync());
        }

        Assert.That(frames, Is.EqualTo(new[] { "< REP 1 AUDIO_MUTE OFF >", "< REP 2 AUDIO_MUTE OFF >", "< REP 3 AUDIO_MUTE OFF >", "< REP 4 AUDIO_MUTE OFF >" }));
    }

    [Test]
    public async Task LevelQueries_FollowTheSignalModel()
    {
        var simulator = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = _time, Signal = SignalModel.Constant(-20) });
        await using var client = new FrameClient(simulator.ConnectInMemory());
        Assert.That(await client.RequestAsync("< GET 1 AUDIO_IN_RMS_LVL >"), Is.EqualTo("< REP 1 AUDIO_IN_RMS_LVL 040 >"));
        Assert.That(await client.RequestAsync("< GET 1 AUDIO_IN_PEAK_LVL >"), Is.EqualTo("< REP 1 AUDIO_IN_PEAK_LVL 046 >"));
        simulator.Dispose();
    }

    private static string ReadOnlySet(ParameterDefinition p)
    {
        var value = p.ValueKind switch
        {
            ParameterValueKind.Text => " {X}",
            ParameterValueKind.Number => " 1",
            ParameterValueKind.MacAddress => " 00:0E:DD:00:00:01",
            ParameterValueKind.None or ParameterValueKind.Dump => string.Empty,
            _ => " ON",
        };
        var channel = p.Scope == ParameterScope.Channel ? " 1" : string.Empty;
        return $"< SET{channel} {p.Name}{value} >";
    }

    private string Snapshot()
    {
        var parts = new List<string>();
        foreach (var p in Ani4OutCommandTable.Table.Parameters.Where(p => p.ValueKind is not (ParameterValueKind.None or ParameterValueKind.Dump)))
        {
            if (p.Scope == ParameterScope.Device)
            {
                parts.Add(p.Name + "=" + _simulator.GetValue(p.Name));
            }
            else if (p.GetIndexes is null)
            {
                parts.AddRange(Enumerable.Range(1, 4).Select(ch => $"{p.Name}{ch}={_simulator.GetValue(p.Name, ch)}"));
            }
        }

        return string.Join(";", parts);
    }
}
