using System.Linq;
using NUnit.Framework;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers.Tests.Devices;

/// <summary>A device's values in slots by the model's tracked-key index, with anything untracked beside them.</summary>
/// <remarks>ParameterKey is compiled into the simulator too, so the tests take its type from the keys (var, target-typed new) rather than name it.</remarks>
public class DeviceValuesTests
{
    private static readonly TrackedKeys Keys = TrackedKeys.Of(Ani4OutCommandTable.Table);

    [Test]
    public void TrackedKeys_AreSharedPerTable_AndIndexedInRequestOrder()
    {
        var gain2 = Keys.InOrder.Single(k => k.Name == ShureParameters.AudioGainHiRes && k.Channel == 2);
        var level1 = gain2;
        level1 = new(ShureParameters.AudioInputPeakLevel, 1);
        var unknown = gain2;
        unknown = new("NEW_THING", 1);

        Assert.That(TrackedKeys.Of(Ani4OutCommandTable.Table), Is.SameAs(Keys));
        Assert.That(Enumerable.Range(0, Keys.Count).Select(i => Keys.IndexOf(Keys.InOrder[i])), Is.EqualTo(Enumerable.Range(0, Keys.Count)));
        Assert.That(Keys.IsTracked(Keys.IndexOf(gain2)), Is.True);
        Assert.That(Keys.IndexOf(level1), Is.InRange(Keys.Count, Keys.SlotCount - 1), "a level has a slot");
        Assert.That(Keys.IsTracked(Keys.IndexOf(level1)), Is.False, "levels change with the audio: not state a resync waits for");
        Assert.That(Keys.IndexOf(unknown), Is.EqualTo(-1));
        Assert.That(Keys.IsTracked(-1), Is.False);
    }

    [Test]
    public void AReportedValue_IsReadBack_ConfirmedOnTheLink_AndRemovable()
    {
        var gain2 = Keys.InOrder.Single(k => k.Name == ShureParameters.AudioGainHiRes && k.Channel == 2);
        var gain3 = Keys.InOrder.Single(k => k.Name == ShureParameters.AudioGainHiRes && k.Channel == 3);
        var values = new DeviceValues(Keys);
        Assert.That(values.TryGetValue(gain2, out _), Is.False);

        values.Report(gain2, CommandValue.FromNumber(1040));
        Assert.That(values.TryGetValue(gain2, out var gain), Is.True);
        Assert.That(gain, Is.EqualTo(CommandValue.FromNumber(1040)));
        Assert.That(values.IsConfirmed(gain2), Is.True);
        Assert.That(values.TryGetValue(gain3, out _), Is.False, "another channel is another slot");
        Assert.That(values.IsConfirmed(gain3), Is.False);

        values.ForgetConfirmations();
        Assert.That(values.IsConfirmed(gain2), Is.False);
        Assert.That(values.TryGetValue(gain2, out _), Is.True, "a new link forgets confirmations, not values");

        values.Remove(gain2);
        Assert.That(values.Contains(gain2), Is.False);
    }

    [Test]
    [TestCase(ShureParameters.AudioInputPeakLevel, TestName = "A level: a slot, not tracked")]
    [TestCase("NEW_THING", TestName = "A name the table does not know: beside the slots")]
    public void AnUntrackedValue_IsKept_AndNeverConfirmed(string name)
    {
        var key = Keys.InOrder[0];
        key = new(name, 1);
        var values = new DeviceValues(Keys);
        values.Report(key, CommandValue.FromNumber(12));
        values.Report(key, CommandValue.FromNumber(13));
        Assert.That(values.TryGetValue(key, out var value), Is.True);
        Assert.That(value, Is.EqualTo(CommandValue.FromNumber(13)));
        Assert.That(values.IsConfirmed(key), Is.False);
        values.Remove(key);
        Assert.That(values.Contains(key), Is.False);
    }

    [Test]
    public void KeyFlags_CountEachFlagOnce_AcrossWords()
    {
        var flags = new KeyFlags(130);
        Assert.That(flags.Set(0), Is.True);
        Assert.That(flags.Set(0), Is.False);
        Assert.That(flags.Set(64), Is.True);
        Assert.That(flags.Set(129), Is.True);
        Assert.That((flags.Count, flags[64], flags[63], flags[129]), Is.EqualTo((3, true, false, true)));
        flags.Clear(64);
        flags.Clear(64);
        Assert.That((flags.Count, flags[64]), Is.EqualTo((2, false)));
        flags.ClearAll();
        Assert.That((flags.Count, flags[0], flags[129]), Is.EqualTo((0, false, false)));
    }
}
