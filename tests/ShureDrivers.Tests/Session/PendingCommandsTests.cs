using System;
using System.Linq;
using System.Threading;
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
    public void TakeRejected_WithOneLiveCommand_ReturnsIt_AndNeverAnUnwrittenOne()
    {
        var table = new PendingCommands();
        var neverWritten = Add(table, CommandString.Get("FW_VER"));
        var written = Written(table, CommandString.Get("MODEL"));

        Assert.That(table.TakeRejected(), Is.EqualTo(new[] { written }));
        Assert.That(table.TakeRejected(), Is.Empty, "a command not yet on the wire cannot be the one refused");
        Assert.That(neverWritten.Completion.Task.IsCompleted, Is.False);
    }

    [Test]
    public void TakeRejected_WithSeveralLiveCandidates_BlamesNone_UntilAsManyErrorsAsSuspectsArrive()
    {
        // Firmware that ignores requests may have skipped the older one: the first REP ERR is pinned on neither.
        var table = new PendingCommands();
        var addedFirst = Add(table, CommandString.Get("MODEL"));
        var addedSecond = Add(table, CommandString.Set(1, "AUDIO_GAIN_HI_RES", CommandValue.FromNumber(1000)));
        table.MarkWriting(addedSecond);
        table.MarkWriting(addedFirst);

        Assert.That(table.TakeRejected(), Is.Empty);
        Assert.That(table.HasSuspects, Is.True);
        Assert.That(table.IsSuspect(addedFirst) && table.IsSuspect(addedSecond), Is.True);
        Assert.That(table.TakeRejected(), Is.EqualTo(new[] { addedSecond, addedFirst }), "two errors for two suspects: both were rejected, in wire order");
        Assert.That(table.HasSuspects, Is.False);
    }

    [Test]
    public void ALaterReply_SettlesTheSuspectsWrittenBeforeIt()
    {
        // GET FLASH is rejected while GET MODEL waits; MODEL's reply then shows the error was FLASH's.
        var table = NewTable();
        var rejected = Written(table, CommandString.Get("FLASH"));
        var answered = Written(table, CommandString.Get("MODEL"));

        Assert.That(table.TakeRejected(), Is.Empty);
        table.CompleteMatching(CommandString.Report("MODEL", CommandValue.FromText("ANI4OUT-XLR")));

        Assert.That(answered.Completion.Task.IsCompletedSuccessfully, Is.True);
        Assert.ThrowsAsync<DeviceCommandRejectedException>(() => rejected.Completion.Task);
        Assert.That(table.HasSuspects, Is.False);
    }

    [Test]
    public void ALaterReply_AfterMoreSuspectsThanErrors_SettlesThemByReadingBack_AndASettlementByCounting()
    {
        var table = NewTable();
        var get = Written(table, CommandString.Get("FLASH"));
        var set = Written(table, CommandString.Set(1, "AUDIO_MUTE", CommandValue.FromSwitch(true)));
        var settlement = table.Add(CommandString.Get("METER_RATE"), Row(CommandString.Get("METER_RATE")), settling: true);
        table.MarkWriting(settlement);
        Written(table, CommandString.Get("MODEL"));

        Assert.That(table.TakeRejected(), Is.Empty);
        table.CompleteMatching(CommandString.Report("MODEL", CommandValue.FromText("ANI4OUT-XLR")));

        Assert.That(get.Completion.Task.Exception!.InnerException, Is.TypeOf<AmbiguousRejectionException>());
        Assert.That(set.Completion.Task.Exception!.InnerException, Is.TypeOf<AmbiguousRejectionException>());
        Assert.That(settlement.Completion.Task.Exception!.InnerException, Is.TypeOf<DeviceCommandRejectedException>(), "never read back twice");
    }

    [TestCase("< SET 1 AUDIO_MUTE TOGGLE >")]
    [TestCase("< SET 1 AUDIO_GAIN_HI_RES INC 10 >")]
    public void TakeRejected_WhenACandidateCannotBeReadBack_BlamesTheOldest(string unverifiable)
    {
        var table = new PendingCommands();
        var oldest = Written(table, CommandString.Get("MODEL"));
        Written(table, CommandStringParser.Ani4Out.Parse(unverifiable));

        Assert.That(table.TakeRejected(), Is.EqualTo(new[] { oldest }));
    }

    [Test]
    public void ASuspectRemoved_TakesTheUnassignedErrorWithTheLastOne()
    {
        var table = new PendingCommands();
        var a = Written(table, CommandString.Get("FLASH"));
        var b = Written(table, CommandString.Get("MODEL"));
        Assert.That(table.TakeRejected(), Is.Empty);

        table.Remove(a);
        Assert.That(table.IsSuspect(b), Is.True);
        table.Remove(b);
        Assert.That(table.HasSuspects, Is.False);
    }

    [Test]
    public void ALaterReply_RetiresASkippedCommand_SoTheNextRepErrLandsOnTheRightOne()
    {
        // The device ignores GET FLASH, answers GET MODEL, rejects GET METER_RATE: in order on the wire.
        var table = new PendingCommands();
        var ignored = Written(table, CommandString.Get("FLASH"));
        var answered = Written(table, CommandString.Get("MODEL"));
        var rejected = Written(table, CommandString.Get("METER_RATE"));

        table.CompleteMatching(CommandString.Report("MODEL", CommandValue.FromText("ANI4OUT-XLR")));
        Assert.That(answered.Completion.Task.IsCompletedSuccessfully, Is.True);
        Assert.That(ignored.IsRetired, Is.True);
        Assert.That(rejected.IsRetired, Is.False);

        Assert.That(table.TakeRejected(), Is.EqualTo(new[] { rejected }), "not the skipped GET FLASH");
        Assert.That(table.TakeRejected(), Is.EqualTo(new[] { ignored }), "with only retired commands left, the oldest");
    }

    [Test]
    public void DumpFrames_DoNotRetireCommandsWrittenBeforeTheDump()
    {
        var table = new PendingCommands();
        var before = Written(table, CommandString.Get("FLASH"));
        var dump = Written(table, CommandString.Get(0, "ALL"));

        table.CompleteMatching(CommandString.Report("SERIAL_NUM", CommandValue.FromText("X")));

        Assert.That(dump.Completion.Task.IsCompleted, Is.True);
        Assert.That(before.IsRetired, Is.False);
    }

    [TestCase("PRESET", "00")]
    [TestCase("DEFAULT_SETTINGS", "00")]
    public void DefaultSettings_IsAnsweredByEitherDocumentedReply(string name, string value)
    {
        var request = CommandString.Set("DEFAULT_SETTINGS", CommandValue.None);
        var reply = CommandStringParser.Ani4Out.Parse($"< REP {name} {value} >");
        Assert.That(Pending(request).IsAnsweredBy(reply), Is.True, reply.ToString());
        Assert.That(Pending(request).IsAnsweredBy(CommandString.Report("LED_BRIGHTNESS", CommandValue.FromNumber(0))), Is.False);
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

    [Test]
    [NonParallelizable] // reason: listens to a process-wide event
    public void AFailedCommandWhoseCallerHasLeft_RaisesNoUnobservedTaskException()
    {
        var seen = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
        {
            if (e.Exception.InnerExceptions.Any(x => x.Message.Contains("nobody waits", StringComparison.Ordinal)))
            {
                Interlocked.Increment(ref seen);
            }
        };
        TaskScheduler.UnobservedTaskException += handler;
        try
        {
            FailWithNobodyWaiting();
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= handler;
        }

        Assert.That(seen, Is.Zero);

        // In its own method, so no local keeps the tasks alive through the collections above.
        static void FailWithNobodyWaiting()
        {
            var table = new PendingCommands();
            Written(table, CommandString.Get("FLASH"));
            var rejected = table.TakeRejected()[0];
            for (var i = 0; i < 100; i++)
            {
                Written(table, CommandString.Get("MODEL"));
            }

            rejected.Fail(new DeviceCommandRejectedException("nobody waits (rejected)", "< GET MODEL >"));
            table.FailAll(new DeviceConnectionException("gone", "dev:2202"), _ => new DeviceConnectionException("nobody waits (lost)", "dev:2202"));
        }
    }

    private static PendingCommand Pending(CommandString request) => new(request, Row(request));

    private static PendingCommands NewTable() => new("dev:2202");

    private static PendingCommand Written(PendingCommands table, CommandString request)
    {
        var pending = Add(table, request);
        table.MarkWriting(pending);
        return pending;
    }

    private static PendingCommand Add(PendingCommands table, CommandString request) => table.Add(request, Row(request));

    private static ParameterDefinition Row(CommandString request) =>
        Table.TryGetParameter(request.Name, out var row) ? row! : throw new ArgumentException(request.Name);
}
