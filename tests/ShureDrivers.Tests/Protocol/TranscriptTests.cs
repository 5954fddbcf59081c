using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using ShureDrivers.Protocol;

namespace ShureDrivers.Tests.Protocol;

/// <summary>
/// Wire string ↔ model, both ways, for every parameter in the ANI4OUT command table: the formatter writes exactly
/// the wire string, the parser reads it back to the same model, and the table accepts it.
/// </summary>
public class TranscriptTests
{
    private static readonly CommandStringParser Parser = CommandStringParser.Ani4Out;
    private static readonly CommandStringFormatter Formatter = CommandStringFormatter.Ani4Out;

    private static CommandValue N(int n) => CommandValue.FromNumber(n);

    private static CommandValue T(string token) => CommandValue.FromToken(token);

    private static CommandValue S(string text) => CommandValue.FromText(text);

    private static string Pad(string text, int width) => "{" + text.PadRight(width) + "}";

    public static IEnumerable<TestCaseData> Transcripts()
    {
        TestCaseData Case(string wire, CommandString model) => new TestCaseData(wire, model).SetArgDisplayNames(wire);

        // Device level.
        yield return Case("< GET 0 ALL >", CommandString.Get(0, "ALL"));
        yield return Case("< GET 3 ALL >", CommandString.Get(3, "ALL"));
        yield return Case("< GET ALL >", CommandString.Get("ALL"));
        yield return Case("< GET MODEL >", CommandString.Get("MODEL"));
        yield return Case("< REP MODEL " + Pad("ANI4OUT-XLR", 32) + " >", CommandString.Report("MODEL", S("ANI4OUT-XLR")));
        yield return Case("< GET SERIAL_NUM >", CommandString.Get("SERIAL_NUM"));
        yield return Case("< REP SERIAL_NUM " + Pad("3RG1234567", 32) + " >", CommandString.Report("SERIAL_NUM", S("3RG1234567")));
        yield return Case("< GET FW_VER >", CommandString.Get("FW_VER"));
        yield return Case("< REP FW_VER " + Pad("4.6.14", 18) + " >", CommandString.Report("FW_VER", S("4.6.14")));
        yield return Case("< GET DEVICE_ID >", CommandString.Get("DEVICE_ID"));
        yield return Case("< REP DEVICE_ID " + Pad("Boardroom ceiling", 31) + " >", CommandString.Report("DEVICE_ID", S("Boardroom ceiling")));
        yield return Case("< GET NA_DEVICE_NAME >", CommandString.Get("NA_DEVICE_NAME"));
        yield return Case("< REP NA_DEVICE_NAME " + Pad("ANI4OUT-5399e0", 31) + " >", CommandString.Report("NA_DEVICE_NAME", S("ANI4OUT-5399e0")));
        yield return Case("< GET IP_ADDR_NET_AUDIO_PRIMARY >", CommandString.Get("IP_ADDR_NET_AUDIO_PRIMARY"));
        yield return Case("< REP IP_ADDR_NET_AUDIO_PRIMARY " + Pad("192.168.1.20", 15) + " >", CommandString.Report("IP_ADDR_NET_AUDIO_PRIMARY", S("192.168.1.20")));
        yield return Case("< GET IP_SUBNET_NET_AUDIO_PRIMARY >", CommandString.Get("IP_SUBNET_NET_AUDIO_PRIMARY"));
        yield return Case("< REP IP_SUBNET_NET_AUDIO_PRIMARY " + Pad("255.255.255.0", 15) + " >", CommandString.Report("IP_SUBNET_NET_AUDIO_PRIMARY", S("255.255.255.0")));
        yield return Case("< GET IP_GATEWAY_NET_AUDIO_PRIMARY >", CommandString.Get("IP_GATEWAY_NET_AUDIO_PRIMARY"));
        yield return Case("< REP IP_GATEWAY_NET_AUDIO_PRIMARY " + Pad("192.168.1.1", 15) + " >", CommandString.Report("IP_GATEWAY_NET_AUDIO_PRIMARY", S("192.168.1.1")));
        yield return Case("< GET CONTROL_MAC_ADDR >", CommandString.Get("CONTROL_MAC_ADDR"));
        yield return Case("< REP CONTROL_MAC_ADDR 00:0E:DD:53:99:E0 >", CommandString.Report("CONTROL_MAC_ADDR", T("00:0E:DD:53:99:E0")));
        yield return Case("< GET PRESET >", CommandString.Get("PRESET"));
        yield return Case("< SET PRESET 03 >", CommandString.Set("PRESET", N(3)));
        yield return Case("< SET PRESET 10 >", CommandString.Set("PRESET", N(10)));
        yield return Case("< REP PRESET 03 >", CommandString.Report("PRESET", N(3)));
        yield return Case("< REP PRESET 00 >", CommandString.Report("PRESET", N(0)));
        for (var n = 1; n <= 10; n++)
        {
            var name = "PRESET" + n;
            yield return Case($"< GET {name} >", CommandString.Get(name));
            yield return Case($"< REP {name} " + Pad("Lecture " + n, 25) + " >", CommandString.Report(name, S("Lecture " + n)));
        }

        yield return Case("< REP PRESET4 " + Pad(string.Empty, 25) + " >", CommandString.Report("PRESET4", S(string.Empty)));
        yield return Case("< GET FLASH >", CommandString.Get("FLASH"));
        yield return Case("< SET FLASH ON >", CommandString.Set("FLASH", T("ON")));
        yield return Case("< SET FLASH OFF >", CommandString.Set("FLASH", T("OFF")));
        yield return Case("< REP FLASH OFF >", CommandString.Report("FLASH", T("OFF")));
        yield return Case("< GET LED_BRIGHTNESS >", CommandString.Get("LED_BRIGHTNESS"));
        yield return Case("< SET LED_BRIGHTNESS 0 >", CommandString.Set("LED_BRIGHTNESS", N(0)));
        yield return Case("< REP LED_BRIGHTNESS 2 >", CommandString.Report("LED_BRIGHTNESS", N(2)));
        yield return Case("< GET METER_RATE >", CommandString.Get("METER_RATE"));
        yield return Case("< SET METER_RATE 00100 >", CommandString.Set("METER_RATE", N(100)));
        yield return Case("< SET METER_RATE 00000 >", CommandString.Set("METER_RATE", N(0)));
        yield return Case("< SET METER_RATE 99999 >", CommandString.Set("METER_RATE", N(99999)));
        yield return Case("< REP METER_RATE 01000 >", CommandString.Report("METER_RATE", N(1000)));
        yield return Case("< GET AUDIO_SUMMING_MODE >", CommandString.Get("AUDIO_SUMMING_MODE"));
        foreach (var mode in Ani4OutCommandTable.SummingModeTokens)
        {
            yield return Case($"< SET AUDIO_SUMMING_MODE {mode} >", CommandString.Set("AUDIO_SUMMING_MODE", T(mode)));
            yield return Case($"< REP AUDIO_SUMMING_MODE {mode} >", CommandString.Report("AUDIO_SUMMING_MODE", T(mode)));
        }

        yield return Case("< GET OUTPUT_METER_MODE >", CommandString.Get("OUTPUT_METER_MODE"));
        yield return Case("< SET OUTPUT_METER_MODE POST_FADER >", CommandString.Set("OUTPUT_METER_MODE", T("POST_FADER")));
        yield return Case("< REP OUTPUT_METER_MODE PRE_FADER >", CommandString.Report("OUTPUT_METER_MODE", T("PRE_FADER")));
        yield return Case("< GET ENCRYPTION >", CommandString.Get("ENCRYPTION"));
        yield return Case("< REP ENCRYPTION ON >", CommandString.Report("ENCRYPTION", T("ON")));
        yield return Case("< GET LAST_ERROR_EVENT >", CommandString.Get("LAST_ERROR_EVENT"));
        yield return Case("< REP LAST_ERROR_EVENT " + Pad("Dante clock lost: 2026-11-02 10:11:12", 128) + " >", CommandString.Report("LAST_ERROR_EVENT", S("Dante clock lost: 2026-11-02 10:11:12")));
        yield return Case("< SET REBOOT >", CommandString.Set("REBOOT"));
        yield return Case("< SET DEFAULT_SETTINGS >", CommandString.Set("DEFAULT_SETTINGS"));

        // Channel level.
        yield return Case("< GET 1 CHAN_NAME >", CommandString.Get(1, "CHAN_NAME"));
        yield return Case("< GET 0 CHAN_NAME >", CommandString.Get(0, "CHAN_NAME"));
        yield return Case("< REP 1 CHAN_NAME " + Pad("Output 1", 31) + " >", CommandString.Report(1, "CHAN_NAME", S("Output 1")));
        yield return Case("< GET 2 NA_CHAN_NAME >", CommandString.Get(2, "NA_CHAN_NAME"));
        yield return Case("< REP 2 NA_CHAN_NAME " + Pad("Ceiling L", 31) + " >", CommandString.Report(2, "NA_CHAN_NAME", S("Ceiling L")));
        yield return Case("< GET 0 AUDIO_GAIN_HI_RES >", CommandString.Get(0, "AUDIO_GAIN_HI_RES"));
        yield return Case("< SET 2 AUDIO_GAIN_HI_RES 1035 >", CommandString.Set(2, "AUDIO_GAIN_HI_RES", N(1035)));
        yield return Case("< SET 1 AUDIO_GAIN_HI_RES 0000 >", CommandString.Set(1, "AUDIO_GAIN_HI_RES", N(0)));
        yield return Case("< SET 4 AUDIO_GAIN_HI_RES 1400 >", CommandString.Set(4, "AUDIO_GAIN_HI_RES", N(1400)));
        yield return Case("< SET 4 AUDIO_GAIN_HI_RES INC 5 >", CommandString.Increment(4, "AUDIO_GAIN_HI_RES", 5));
        yield return Case("< SET 3 AUDIO_GAIN_HI_RES DEC 120 >", CommandString.Decrement(3, "AUDIO_GAIN_HI_RES", 120));
        yield return Case("< REP 2 AUDIO_GAIN_HI_RES 1035 >", CommandString.Report(2, "AUDIO_GAIN_HI_RES", N(1035)));
        yield return Case("< REP 1 AUDIO_GAIN_HI_RES 0035 >", CommandString.Report(1, "AUDIO_GAIN_HI_RES", N(35)));
        yield return Case("< GET 3 AUDIO_MUTE >", CommandString.Get(3, "AUDIO_MUTE"));
        yield return Case("< SET 1 AUDIO_MUTE ON >", CommandString.Set(1, "AUDIO_MUTE", T("ON")));
        yield return Case("< SET 2 AUDIO_MUTE OFF >", CommandString.Set(2, "AUDIO_MUTE", T("OFF")));
        yield return Case("< SET 1 AUDIO_MUTE TOGGLE >", CommandString.Toggle(1, "AUDIO_MUTE"));
        yield return Case("< REP 4 AUDIO_MUTE OFF >", CommandString.Report(4, "AUDIO_MUTE", T("OFF")));
        yield return Case("< GET 3 AUDIO_OUT_LVL_SWITCH >", CommandString.Get(3, "AUDIO_OUT_LVL_SWITCH"));
        foreach (var level in Ani4OutCommandTable.OutputLevelTokens)
        {
            yield return Case($"< SET 3 AUDIO_OUT_LVL_SWITCH {level} >", CommandString.Set(3, "AUDIO_OUT_LVL_SWITCH", T(level)));
            yield return Case($"< REP 3 AUDIO_OUT_LVL_SWITCH {level} >", CommandString.Report(3, "AUDIO_OUT_LVL_SWITCH", T(level)));
        }

        yield return Case("< GET 2 AUDIO_OUT_CLIP_INDICATOR >", CommandString.Get(2, "AUDIO_OUT_CLIP_INDICATOR"));
        yield return Case("< REP 2 AUDIO_OUT_CLIP_INDICATOR ON >", CommandString.Report(2, "AUDIO_OUT_CLIP_INDICATOR", T("ON")));
        yield return Case("< GET 1 LIMITER_ENGAGED >", CommandString.Get(1, "LIMITER_ENGAGED"));
        yield return Case("< REP 3 LIMITER_ENGAGED OFF >", CommandString.Report(3, "LIMITER_ENGAGED", T("OFF")));
        yield return Case("< GET 1 LED_COLOR_SIG_CLIP >", CommandString.Get(1, "LED_COLOR_SIG_CLIP"));
        foreach (var color in Ani4OutCommandTable.SignalLedColorTokens)
        {
            yield return Case($"< REP 1 LED_COLOR_SIG_CLIP {color} >", CommandString.Report(1, "LED_COLOR_SIG_CLIP", T(color)));
        }

        yield return Case("< GET 4 LED_STATE_SIG_CLIP >", CommandString.Get(4, "LED_STATE_SIG_CLIP"));
        yield return Case("< REP 4 LED_STATE_SIG_CLIP OFF >", CommandString.Report(4, "LED_STATE_SIG_CLIP", T("OFF")));
        yield return Case("< GET 1 AUDIO_IN_PEAK_LVL >", CommandString.Get(1, "AUDIO_IN_PEAK_LVL"));
        yield return Case("< REP 1 AUDIO_IN_PEAK_LVL 042 >", CommandString.Report(1, "AUDIO_IN_PEAK_LVL", N(42)));
        yield return Case("< GET 4 AUDIO_IN_RMS_LVL >", CommandString.Get(4, "AUDIO_IN_RMS_LVL"));
        yield return Case("< REP 4 AUDIO_IN_RMS_LVL 007 >", CommandString.Report(4, "AUDIO_IN_RMS_LVL", N(7)));
        yield return Case("< GET 01 PEQ 02 >", CommandString.Get(1, "PEQ", 2));
        yield return Case("< GET 00 PEQ 00 >", CommandString.Get(0, "PEQ", 0));
        yield return Case("< SET 03 PEQ 04 ON >", CommandString.Set(3, "PEQ", 4, T("ON")));
        yield return Case("< REP 01 PEQ 02 OFF >", CommandString.Report(1, "PEQ", 2, T("OFF")));

        // Metering and the error reply.
        yield return Case("< SAMPLE 000 012 060 045 >", CommandString.Sample(0, 12, 60, 45));
        yield return Case("< REP ERR >", CommandString.Error);
    }

    [TestCaseSource(nameof(Transcripts))]
    public void Format_Model_WritesExactWireString(string wire, CommandString model)
    {
        Assert.That(Formatter.Format(model), Is.EqualTo(wire));
    }

    [TestCaseSource(nameof(Transcripts))]
    public void Parse_WireString_GivesModel(string wire, CommandString model)
    {
        Assert.That(Parser.TryParse(wire, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(model));
    }

    [TestCaseSource(nameof(Transcripts))]
    public void Table_AcceptsEveryTranscript(string wire, CommandString model)
    {
        Assert.That(Ani4OutCommandTable.Table.TryValidate(model, out var error), Is.True, error);
    }

    [Test]
    public void Transcripts_CoverEveryParameterInTheTable()
    {
        var covered = Transcripts().Select(t => ((CommandString)t.Arguments[1]!).Name).ToHashSet();
        var missing = Ani4OutCommandTable.Table.Parameters.Select(p => p.Name).Where(n => !covered.Contains(n)).ToList();
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Transcripts_CoverEveryRequestFormEachParameterSupports()
    {
        var cases = Transcripts().Select(t => (CommandString)t.Arguments[1]!).ToList();
        Assert.Multiple(() =>
        {
            foreach (var p in Ani4OutCommandTable.Table.Parameters)
            {
                var mine = cases.Where(c => c.Name == p.Name).ToList();
                if ((p.Access & ParameterAccess.Get) != 0)
                {
                    Assert.That(mine.Any(c => c.Kind == CommandKind.Get), Is.True, $"{p.Name}: GET");
                }

                if ((p.Access & ParameterAccess.Set) != 0)
                {
                    Assert.That(mine.Any(c => c.Kind == CommandKind.Set && c.Operation == SetOperation.Assign), Is.True, $"{p.Name}: SET");
                }

                if ((p.Access & ParameterAccess.IncrementDecrement) != 0)
                {
                    Assert.That(mine.Any(c => c.Operation == SetOperation.Increment), Is.True, $"{p.Name}: INC");
                    Assert.That(mine.Any(c => c.Operation == SetOperation.Decrement), Is.True, $"{p.Name}: DEC");
                }

                if ((p.Access & ParameterAccess.Toggle) != 0)
                {
                    Assert.That(mine.Any(c => c.Operation == SetOperation.Toggle), Is.True, $"{p.Name}: TOGGLE");
                }

                if (p.HasReply && p.ValueKind is not (ParameterValueKind.None or ParameterValueKind.Dump))
                {
                    Assert.That(mine.Any(c => c.Kind == CommandKind.Report), Is.True, $"{p.Name}: REP");
                }
            }
        });
    }
}
