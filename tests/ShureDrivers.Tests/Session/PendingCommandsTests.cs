using System;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers.Tests.Session;

/// <summary>The in-flight table on its own, without a connection: the one matching rule, REP ERR order, fail-all.</summary>
public class PendingCommandsTests
{
    private static readonly CommandTable Table = Ani4OutCommandTable.Table;

    [Test]
    public void IsAnsweredBy_MatchesParameterChannelAndIndex()
    {
        var rep = CommandString.Report(2, "AUDIO_MUTE", CommandValue.FromSwitch(true));
        Assert.Multiple(() =>
        {
            Assert.That(Pending(CommandString.Get(2, "AUDIO_MUTE")).IsAnsweredBy(rep), Is.True);
            Assert.That(Pending(CommandString.Get(0, "AUDIO_MUTE")).IsAnsweredBy(rep), Is.True, "channel 0 is answered by any channel");
            Assert.That(Pending(CommandString.Get(1, "AUDIO_MUTE")).IsAnsweredBy(rep), Is.False);
            Assert.That(Pending(CommandString.Get(2, "AUDIO_GAIN_HI_RES")).IsAnsweredBy(rep), Is.False);
            Assert.That(Pending(CommandString.Get(1, "PEQ", 3)).IsAnsweredBy(CommandString.Report(1, "PEQ", 2, CommandValue.FromSwitch(true))), Is.False);
        });
    }

    [Test]
    public async Task CompleteMatching_CompletesTheOldestMatch_AndLeavesOthersWaiting()
    {
        var table = new PendingCommands();
        var first = Add(table, CommandString.Get(1, "AUDIO_MUTE"));
        var other = Add(table, CommandString.Get(2, "AUDIO_MUTE"));
        var report = CommandString.Report(1, "AUDIO_MUTE", CommandValue.FromSwitch(false));

        table.CompleteMatching(report);

        Assert.That(await first.Completion.Task, Is.EqualTo(report));
        Assert.That(other.Completion.Task.IsCompleted, Is.False);
    }

    [Test]
    public async Task CompleteMatching_AnyReport_CompletesAWaitingDump()
    {
        var table = new PendingCommands();
        var dump = Add(table, CommandString.Get(0, "ALL"));
        var report = CommandString.Report("MODEL", CommandValue.FromText("ANI4OUT-XLR"));

        table.CompleteMatching(report);

        Assert.That(await dump.Completion.Task, Is.EqualTo(report));
    }

    [Test]
    public void TakeOldest_ReturnsCommandsInTheOrderTheyWereAdded()
    {
        var table = new PendingCommands();
        var first = Add(table, CommandString.Get("MODEL"));
        var second = Add(table, CommandString.Get("SERIAL_NUM"));

        Assert.That(table.TakeOldest(), Is.SameAs(first));
        Assert.That(table.TakeOldest(), Is.SameAs(second));
        Assert.That(table.TakeOldest(), Is.Null);
    }

    [Test]
    public void FailAll_FailsEveryWaitingCommand_AndRefusesNewOnes()
    {
        var table = new PendingCommands();
        var waiting = Add(table, CommandString.Get("MODEL"));
        var reason = new DeviceConnectionException("gone", "dev:2202");

        table.FailAll(reason, p => new DeviceConnectionException("lost " + p.Request, "dev:2202", reason));

        var ex = Assert.ThrowsAsync<DeviceConnectionException>(() => waiting.Completion.Task);
        Assert.That(ex!.Message, Is.EqualTo("lost < GET MODEL >"));
        var refused = Assert.Throws<DeviceConnectionException>(() => Add(table, CommandString.Get("SERIAL_NUM")));
        Assert.That(refused!.InnerException, Is.SameAs(reason));
    }

    private static PendingCommand Pending(CommandString request) => new(request, Row(request), 1);

    private static PendingCommand Add(PendingCommands table, CommandString request) => table.Add(request, Row(request), "dev:2202");

    private static ParameterDefinition Row(CommandString request) =>
        Table.TryGetParameter(request.Name, out var row) ? row! : throw new ArgumentException(request.Name);
}
