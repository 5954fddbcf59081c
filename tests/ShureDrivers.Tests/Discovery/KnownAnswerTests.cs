using Microsoft.Extensions.Time.Testing;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Networking;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Discovery;

/// <summary>
/// Known answers that do not fit in one packet (RFC 6762 §7.2): the querier splits them over packets with the TC
/// bit, never one over 1400 bytes; the responder gathers a truncated query's continuations for 400-500 ms before
/// it answers, and answers only what the whole list does not already hold.
/// </summary>
[CancelAfter(30_000)]
public class KnownAnswerTests
{
    [Test]
    public void QueryPackets_SpreadQuestionsAndKnownAnswers_UnderTheLimit_WithTcOnAllButTheLast()
    {
        var questions = Enumerable.Range(0, 80).Select(i => new DnsQuestion($"instance-{i:000}-with-a-long-name._http._tcp.local", DnsType.Srv)).ToList();
        var answers = Enumerable.Range(0, 300).Select(i => new DnsRecord { Name = "_http._tcp.local", Type = DnsType.Ptr, Ttl = 4500, Target = $"ANI4OUT-{i:x6}._http._tcp.local" }).ToList();

        var packets = DnsQueryPackets.Build(questions, answers, 7, 1400);
        var messages = packets.Select(p => DnsMessageReader.TryRead(p, out var m, out _) ? m : throw new AssertionException("unreadable")).ToList();

        Assert.That(packets.Select(p => p.Length), Is.All.LessThanOrEqualTo(1400));
        Assert.That(messages.SelectMany(m => m.Questions).Select(q => q.Name), Is.EqualTo(questions.Select(q => q.Name)), "every question, in order");
        Assert.That(messages.SelectMany(m => m.Answers).Select(a => a.Target), Is.EqualTo(answers.Select(a => a.Target)), "every known answer, in order");
        var firstWithAnswers = messages.FindIndex(m => m.Answers.Count > 0);
        Assert.That(messages.Skip(firstWithAnswers).SkipLast(1).All(m => m.Truncated), "TC on every known-answer packet but the last");
        Assert.That(messages[^1].Truncated, Is.False);
        Assert.That(messages.All(m => m.Id == 7), Is.True);
    }

    [Test]
    public async Task Responder_GathersATruncatedQuery_AndAnswersOnlyWhatTheWholeListLacks()
    {
        var link = new RecordedLink();
        var time = new TestClock();
        var sims = Enumerable.Range(1, 2).Select(i => new Ani4OutSimulator(new SimulatorOptions { ControlMac = [0x00, 0x0E, 0xDD, 0x09, 0x00, (byte)i] })).ToList();
        await using var responder = MdnsResponder.Start(
            sims.Select(s => new SimulatedDevice(s, new IPEndPoint(link.Devices.Address, 2202), new IPEndPoint(link.Devices.Address, 2203))),
            new MdnsResponderOptions { Transport = link.Devices, InterfaceAddress = link.Devices.Address, Probe = false, Announce = false, IPv6 = false, DelaySharedAnswers = false, TimeProvider = time });
        using var querier = link.Controller.Bind(new IPEndPoint(IPAddress.Any, 5353), new DatagramSocketOptions { ReuseAddress = true });
        querier.JoinMulticastGroup(IPAddress.Parse("224.0.0.251"), link.Controller.Link);
        var group = new IPEndPoint(IPAddress.Parse("224.0.0.251"), 5353);

        // The question and nothing else, with TC; the continuation lists the first device's PTR.
        var first = new DnsMessage { Truncated = true };
        first.Questions.Add(new DnsQuestion("_http._tcp.local", DnsType.Ptr));
        var continuation = new DnsMessage();
        continuation.Answers.Add(new DnsRecord { Name = "_http._tcp.local", Type = DnsType.Ptr, Ttl = 4500, Target = sims[0].HostName + "._http._tcp.local" });
        await querier.SendAsync(DnsMessageWriter.Write(first), group);
        await querier.SendAsync(DnsMessageWriter.Write(continuation), group);

        await Wait.UntilAsync(() => responder.AnsweredQueryCount == 0 && link.Traffic.Count >= 2, "the two packets to be on the link");
        Assert.That(Responses(link), Is.Empty, "nothing before the gathering time");

        // RFC 6762 §7.2: the responder waits 400-500 ms for the rest of a truncated query; that wait, then its answer.
        await time.AdvanceToNextAsync(t => t.DueIn >= TimeSpan.FromMilliseconds(400) && t.DueIn <= TimeSpan.FromMilliseconds(500), "the gathering time");
        await Wait.UntilAsync(() => Responses(link).Count > 0, "the answer");
        Assert.That(time.GetUtcNow() - time.Start, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400)));
        var ptrs = Responses(link).SelectMany(m => m.Answers).Where(a => a.Type == DnsType.Ptr && a.Name == "_http._tcp.local").Select(a => a.Target).ToList();
        Assert.That(ptrs, Is.EqualTo(new[] { sims[1].HostName + "._http._tcp.local" }), "the listed device stays quiet");
        sims.ForEach(s => s.Dispose());
    }

    private static List<DnsMessage> Responses(RecordedLink link) =>
        link.Traffic.Where(d => d.Source.Address.Equals(link.Devices.Address))
            .Select(d => DnsMessageReader.TryRead(d.Data.Span, out var m, out _) ? m : null)
            .Where(m => m is { IsResponse: true })
            .Select(m => m!)
            .ToList();
}
