using System;
using System.Collections.Generic;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator.Internal;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Session;

/// <summary>The session against a scripted device: the test writes the device's bytes itself, split and coalesced as it likes.</summary>
[CancelAfter(20_000)]
[NonParallelizable] // reason: the metrics test listens to the process-wide ShureDrivers meter
public class DeviceSessionWireTests
{
    [Test]
    public async Task RepliesSplitAtEveryByte_AndCoalescedWithOtherFrames_AreMatched()
    {
        await using var scripted = new ScriptedDevice();
        await using var session = await scripted.StartSessionAsync();
        var samples = new System.Collections.Concurrent.ConcurrentQueue<IReadOnlyList<int>>(); // filled on the event thread
        session.SampleReceived += (_, e) => samples.Enqueue(e.Levels);

        var query = session.QueryAsync(CommandString.Get(3, "AUDIO_GAIN_HI_RES"));
        Assert.That(await scripted.ReadFrameAsync(), Is.EqualTo("< GET 3 AUDIO_GAIN_HI_RES >"));

        // A SAMPLE, a change report for another channel, then the answer: one byte per write.
        foreach (var b in Encoding.ASCII.GetBytes("< SAMPLE 001 002 003 004 >\r\n< REP 1 AUDIO_GAIN_HI_RES 0900 >< REP 3 AUDIO_GAIN_HI_RES 1035 >"))
        {
            await scripted.WriteAsync([b]);
        }

        var reply = await query;
        Assert.That(reply.Channel, Is.EqualTo(3), "the report for channel 1 did not answer a GET for channel 3");
        Assert.That(reply.Value.Number, Is.EqualTo(1035));

        // Two answers in one write.
        var a = session.QueryAsync(CommandString.Get(1, "AUDIO_MUTE"));
        var b2 = session.QueryAsync(CommandString.Get(2, "AUDIO_MUTE"));
        await scripted.ReadFrameAsync();
        await scripted.ReadFrameAsync();
        await scripted.WriteAsync(Encoding.ASCII.GetBytes("< REP 2 AUDIO_MUTE ON >< REP 1 AUDIO_MUTE OFF >"));
        Assert.That((await a).Value.Text, Is.EqualTo("OFF"));
        Assert.That((await b2).Value.Text, Is.EqualTo("ON"));
        await Wait.UntilAsync(() => samples.Count == 1, "the SAMPLE event");
        Assert.That(samples.Single(), Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }

    [Test]
    public async Task MalformedSampleLines_AreLoggedAsUnparsed_AndRaiseNoReading()
    {
        // The parser leaves SAMPLE fields to the one pass that reads them; a bad line must still be refused there.
        var logs = new TestLogs();
        await using var scripted = new ScriptedDevice();
        await using var session = await scripted.StartSessionAsync(logs.Factory);
        var samples = new System.Collections.Concurrent.ConcurrentQueue<int[]>();
        session.SampleReceived += (_, e) => samples.Enqueue(e.Levels.ToArray());

        var bad = new[] { "< SAMPLE 1 a 3 >", "< SAMPLE 1234567890 >", "< SAMPLE -1 >", "< SAMPLE" + string.Concat(Enumerable.Repeat(" 7", CommandStringParser.MaxSampleFields + 1)) + " >" };
        await scripted.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(bad) + "< SAMPLE 5 6 >"));

        await Wait.UntilAsync(() => samples.Count == 1, "the good SAMPLE after the bad ones");
        Assert.That(samples.Single(), Is.EqualTo(new[] { 5, 6 }));
        Assert.That(logs.RecordsFor(ShureEventIds.UnparsedFrame).Select(r => r.Message), Is.EqualTo(bad.Select(b => $"scripted:2202: ignored a frame that does not parse: {b}")));
    }

    [Test]
    public async Task OversizedAndBrokenFrames_AreDropped_AndTheSessionCarriesOn()
    {
        await using var scripted = new ScriptedDevice();
        await using var session = await scripted.StartSessionAsync();
        var query = session.QueryAsync(CommandString.Get("MODEL"));
        await scripted.ReadFrameAsync();
        await scripted.WriteAsync(Encoding.ASCII.GetBytes("< REP DEVICE_ID {" + new string('x', 2000) + "} >< REP MOD"));
        await scripted.WriteAsync(Encoding.ASCII.GetBytes("EL {ANI4OUT-XLR} >"));
        Assert.That((await query).Value.Text, Is.EqualTo("ANI4OUT-XLR"));
    }

    [Test]
    public async Task Metrics_CountCommandsRejectionsAndDroppedBytes()
    {
        // The meter is process-wide (other fixtures may still be finishing), so counts are lower bounds.
        using var commands = new MetricCollector<long>(null, "ShureDrivers", "shure.commands");
        using var duration = new MetricCollector<double>(null, "ShureDrivers", "shure.command.duration");
        using var rejections = new MetricCollector<long>(null, "ShureDrivers", "shure.rep_err");
        using var dropped = new MetricCollector<long>(null, "ShureDrivers", "shure.dropped_bytes");

        await using var scripted = new ScriptedDevice();
        await using var session = await scripted.StartSessionAsync();
        var ok = session.QueryAsync(CommandString.Get("MODEL"));
        await scripted.ReadFrameAsync();
        await scripted.WriteAsync(Encoding.ASCII.GetBytes("junk< REP MODEL {X} >"));
        await ok;
        var rejected = session.QueryAsync(CommandString.Get("SERIAL_NUM"));
        await scripted.ReadFrameAsync();
        await scripted.WriteAsync(Encoding.ASCII.GetBytes("< REP ERR >"));
        Assert.ThrowsAsync<DeviceCommandRejectedException>(() => rejected);

        Assert.Multiple(() =>
        {
            Assert.That(commands.GetMeasurementSnapshot().EvaluateAsCounter(), Is.GreaterThanOrEqualTo(2));
            Assert.That(duration.GetMeasurementSnapshot(), Has.Count.GreaterThanOrEqualTo(1));
            Assert.That(rejections.GetMeasurementSnapshot().EvaluateAsCounter(), Is.GreaterThanOrEqualTo(1));
            Assert.That(dropped.GetMeasurementSnapshot().EvaluateAsCounter(), Is.GreaterThanOrEqualTo(4));
        });
    }

    [Test]
    public async Task ASet_AnsweredFirstByAnotherControllersReport_ReturnsTheValueThisSetTook()
    {
        await using var scripted = new ScriptedDevice();
        await using var session = await scripted.StartSessionAsync();
        var reports = new System.Collections.Concurrent.ConcurrentQueue<string>();
        session.ReportReceived += (_, e) => reports.Enqueue(e.Report.ToString());
        var set = session.QueryAsync(CommandString.Set(1, "AUDIO_GAIN_HI_RES", CommandValue.FromNumber(900)));
        Assert.That(await scripted.ReadFrameAsync(), Is.EqualTo("< SET 1 AUDIO_GAIN_HI_RES 0900 >"));

        // Another controller's change of the same gain arrives first: not this SET's reply.
        await scripted.WriteAsync(Encoding.ASCII.GetBytes("< REP 1 AUDIO_GAIN_HI_RES 1040 >"));
        await Wait.UntilAsync(() => reports.Count == 1, "the other controller's report");
        Assert.That(set.IsCompleted, Is.False);

        await scripted.WriteAsync(Encoding.ASCII.GetBytes("< REP 1 AUDIO_GAIN_HI_RES 0900 >"));
        Assert.That((await set).Value.Number, Is.EqualTo(900));
    }

    [Test]
    public async Task ASet_TheDeviceRejects_Throws_EvenIfAnotherReportForTheKeyCameFirst()
    {
        await using var scripted = new ScriptedDevice();
        await using var session = await scripted.StartSessionAsync();
        var set = session.QueryAsync(CommandString.Set(2, "AUDIO_MUTE", CommandValue.FromSwitch(true)));
        await scripted.ReadFrameAsync();
        await scripted.WriteAsync(Encoding.ASCII.GetBytes("< REP 2 AUDIO_MUTE OFF >< REP ERR >"));
        Assert.ThrowsAsync<DeviceCommandRejectedException>(() => set);
    }

    [Test]
    public async Task StepsAndToggles_CompleteOnTheFirstReportForTheirKey()
    {
        await using var scripted = new ScriptedDevice();
        await using var session = await scripted.StartSessionAsync();
        var toggle = session.QueryAsync(CommandString.Toggle(3, "AUDIO_MUTE"));
        await scripted.ReadFrameAsync();
        await scripted.WriteAsync(Encoding.ASCII.GetBytes("< REP 3 AUDIO_MUTE ON >"));
        Assert.That((await toggle).Value.Text, Is.EqualTo("ON"));
    }

    [TestCase("< REP 1 AUDIO_GAIN_HI_RES 10a5 >")]
    [TestCase("< REP 1 AUDIO_GAIN_HI_RES 1401 >")]
    [TestCase("< REP 9 AUDIO_GAIN_HI_RES 1000 >")]
    [TestCase("< REP AUDIO_GAIN_HI_RES 1000 >")]
    public async Task AnInvalidReport_NeverCompletesACommand_AndIsCountedAndLoggedOnce(string invalid)
    {
        using var logs = new TestLogs();
        using var invalidReports = new MetricCollector<long>(null, "ShureDrivers", "shure.invalid_reports");
        await using var scripted = new ScriptedDevice();
        await using var session = await scripted.StartSessionAsync(logs.Factory);
        var get = session.QueryAsync(CommandString.Get(1, "AUDIO_GAIN_HI_RES"));
        await scripted.ReadFrameAsync();
        await scripted.WriteAsync(Encoding.ASCII.GetBytes(invalid + invalid));
        await scripted.WriteAsync(Encoding.ASCII.GetBytes("< REP 1 AUDIO_GAIN_HI_RES 1000 >"));
        Assert.That((await get).Value.Number, Is.EqualTo(1000), "completed by the valid reply only");
        Assert.That(invalidReports.GetMeasurementSnapshot().EvaluateAsCounter(), Is.GreaterThanOrEqualTo(2));
        Assert.That(logs.RecordsFor(ShureEventIds.InvalidReport).Count(), Is.EqualTo(1), "one line per key");
    }
}
