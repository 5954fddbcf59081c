using System;
using System.Linq;
using NUnit.Framework;
using ShureDrivers.Protocol;

namespace ShureDrivers.Tests.Protocol;

public class CommandTableTests
{
    private static readonly CommandTable Table = Ani4OutCommandTable.Table;
    private static readonly CommandStringParser Parser = CommandStringParser.Ani4Out;

    [Test]
    public void Table_HasEveryParameterOfTheReference()
    {
        // 21 device-level rows (PRESET1..PRESET10 as ten) and 12 channel-level rows: the reference's 33, with PRESETn counted once.
        Assert.That(Table.Parameters, Has.Count.EqualTo(33 - 1 + 10));
        Assert.That(Table.Parameters.Select(p => p.Name), Is.Unique);
        Assert.That(Table.SampleFieldCount, Is.EqualTo(4));
    }

    [TestCase("< GET 5 AUDIO_MUTE >", "channel 5")]
    [TestCase("< SET 0 AUDIO_MUTE ON >", "channel 0")]
    [TestCase("< GET AUDIO_MUTE >", "needs a channel")]
    [TestCase("< GET 1 MODEL >", "takes no channel")]
    [TestCase("< SET MODEL {X} >", "read-only")]
    [TestCase("< SET 1 CHAN_NAME {X} >", "read-only")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES 1401 >", "must be a number")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES ON >", "must be a number")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES INC 1000 >", "steps")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES INC 0 >", "steps")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES TOGGLE >", "does not support TOGGLE")]
    [TestCase("< SET 1 AUDIO_MUTE INC 1 >", "does not support INC")]
    [TestCase("< SET 1 AUDIO_MUTE MAYBE >", "ON or OFF")]
    [TestCase("< SET PRESET 0 >", "must be a number")]
    [TestCase("< SET PRESET 11 >", "must be a number")]
    [TestCase("< SET METER_RATE 99 >", "must be a number")]
    [TestCase("< SET METER_RATE 1 >", "must be a number")]
    [TestCase("< SET METER_RATE 100000 >", "must be a number")]
    [TestCase("< SET LED_BRIGHTNESS 3 >", "must be a number")]
    [TestCase("< SET 1 AUDIO_OUT_LVL_SWITCH LOUD >", "must be one of")]
    [TestCase("< SET AUDIO_SUMMING_MODE 1+3 >", "must be one of")]
    [TestCase("< GET 1 PEQ >", "needs a index")]
    [TestCase("< GET 1 PEQ 05 >", "index 5")]
    [TestCase("< SET 01 PEQ 00 ON >", "index 0")]
    [TestCase("< SET REBOOT NOW >", "takes no value")]
    [TestCase("< GET MODEL X >", "takes no value")]
    [TestCase("< GET 1 AUDIO_GAIN >", "exists on ANI4IN")]
    [TestCase("< SET DEVICE_AUDIO_MUTE ON >", "exists on")]
    [TestCase("< GET NOT_A_THING >", "not a ANI4OUT parameter")]
    [TestCase("< REP 1 AUDIO_GAIN_HI_RES 1500 >", "must be a number")]
    [TestCase("< REP 0 AUDIO_MUTE ON >", "channel 0")]
    [TestCase("< REP CONTROL_MAC_ADDR 00:0e:dd:53:99:zz >", "MAC")]
    [TestCase("< REP 1 CHAN_NAME ON >", "braced text")]
    [TestCase("< SAMPLE 1 2 3 >", "4 fields")]
    [TestCase("< SAMPLE 1 2 3 61 >", "outside")]
    public void TryValidate_InvalidFrame_SaysWhy(string wire, string reason)
    {
        var command = Parser.Parse(wire);
        Assert.That(Table.TryValidate(command, out var error), Is.False);
        Assert.That(error, Does.Contain(reason));
        Assert.Throws<ArgumentException>(() => Table.Validate(command));
    }

    [TestCase("< SET PRESET 1 >")]
    [TestCase("< SET METER_RATE 0 >")]
    [TestCase("< SET METER_RATE 100 >")]
    [TestCase("< REP PRESET 00 >")]
    [TestCase("< GET 00 PEQ 00 >")]
    [TestCase("< REP 1 LED_STATE_SIG_CLIP FLASHING >")]
    [TestCase("< REP ERR >")]
    public void TryValidate_ValidFrame_IsAccepted(string wire)
    {
        Assert.That(Table.TryValidate(Parser.Parse(wire), out var error), Is.True, error);
    }

    [Test]
    public void Constructor_DuplicateOrBadNames_Throw()
    {
        var row = new ParameterDefinition { Name = "X", Scope = ParameterScope.Device, ValueKind = ParameterValueKind.None, Access = ParameterAccess.Set };
        var empty = new System.Collections.Generic.Dictionary<string, string>();
        Assert.Throws<ArgumentException>(() => new CommandTable("M", 1, [row, row], empty, 1, new ValueRange(0, 1), 1));
        var bad = new ParameterDefinition { Name = "bad name", Scope = ParameterScope.Device, ValueKind = ParameterValueKind.None, Access = ParameterAccess.Set };
        Assert.Throws<ArgumentException>(() => new CommandTable("M", 1, [bad], empty, 1, new ValueRange(0, 1), 1));
    }

    [Test]
    public void AddingAParameter_IsOneRow()
    {
        var rows = Ani4OutCommandTable.Table.Parameters.Append(new ParameterDefinition
        {
            Name = "DEVICE_AUDIO_MUTE",
            Scope = ParameterScope.Device,
            ValueKind = ParameterValueKind.Switch,
            Access = ParameterAccess.Get | ParameterAccess.Set | ParameterAccess.Toggle,
        });
        var table = new CommandTable("ANI4OUT-NEXT", 4, rows, new System.Collections.Generic.Dictionary<string, string>(), 4, new ValueRange(0, 60), 3);
        var command = new CommandStringParser(table).Parse("< SET DEVICE_AUDIO_MUTE ON >");
        Assert.That(table.TryValidate(command, out var error), Is.True, error);
        Assert.That(new CommandStringFormatter(table).Format(command), Is.EqualTo("< SET DEVICE_AUDIO_MUTE ON >"));
    }

    [Test]
    public void ValueRange_RejectsEmptyAndClamps()
    {
        Assert.Throws<ArgumentException>(() => _ = new ValueRange(2, 1));
        var r = new ValueRange(100, 200);
        Assert.That(r.Clamp(5), Is.EqualTo(100));
        Assert.That(r.Clamp(500), Is.EqualTo(200));
        Assert.That(r.ToString(), Is.EqualTo("100..200"));
    }
}
