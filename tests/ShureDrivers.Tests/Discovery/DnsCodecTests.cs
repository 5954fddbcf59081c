using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using NUnit.Framework;
using ShureDrivers.Discovery.Dns;

namespace ShureDrivers.Tests.Discovery;

public class DnsCodecTests
{
    private static DnsMessage SampleResponse()
    {
        var m = new DnsMessage { IsResponse = true, Authoritative = true };
        m.Answers.Add(new DnsRecord { Name = "_http._tcp.local", Type = DnsType.Ptr, Ttl = 4500, Target = "ANI4OUT-5399e0._http._tcp.local" });
        m.Additionals.Add(new DnsRecord { Name = "ANI4OUT-5399e0._http._tcp.local", Type = DnsType.Srv, CacheFlush = true, Ttl = 120, Port = 80, Target = "ANI4OUT-5399e0.local" });
        m.Additionals.Add(new DnsRecord { Name = "ANI4OUT-5399e0._http._tcp.local", Type = DnsType.Txt, CacheFlush = true, Ttl = 4500, Text = ["model=ANI4OUT-XLR", "x"] });
        m.Additionals.Add(new DnsRecord { Name = "ANI4OUT-5399e0.local", Type = DnsType.A, CacheFlush = true, Ttl = 120, Address = IPAddress.Parse("192.168.1.20") });
        m.Additionals.Add(new DnsRecord { Name = "ANI4OUT-5399e0.local", Type = DnsType.Aaaa, CacheFlush = true, Ttl = 120, Address = IPAddress.Parse("fe80::1") });
        m.Additionals.Add(new DnsRecord { Name = "ANI4OUT-5399e0.local", Type = DnsType.Nsec, CacheFlush = true, Ttl = 120, Target = "ANI4OUT-5399e0.local", Types = [DnsType.A, DnsType.Aaaa] });
        return m;
    }

    [Test]
    public void WriteThenRead_RoundTripsEveryRecordType()
    {
        var bytes = DnsMessageWriter.Write(SampleResponse());
        Assert.That(DnsMessageReader.TryRead(bytes, out var read, out var error), Is.True, error);
        var expected = SampleResponse().AllRecords.ToList();
        var actual = read!.AllRecords.ToList();
        Assert.That(read.IsResponse && read.Authoritative, Is.True);
        Assert.That(actual, Has.Count.EqualTo(expected.Count));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.That(actual[i].Name, Is.EqualTo(expected[i].Name));
            Assert.That(actual[i].Type, Is.EqualTo(expected[i].Type));
            Assert.That(actual[i].Ttl, Is.EqualTo(expected[i].Ttl));
            Assert.That(actual[i].CacheFlush, Is.EqualTo(expected[i].CacheFlush));
            Assert.That(actual[i].SameData(expected[i]), Is.True, actual[i].ToString());
        }
    }

    [Test]
    public void Write_CompressesRepeatedNames()
    {
        var bytes = DnsMessageWriter.Write(SampleResponse());
        var uncompressedNames = SampleResponse().AllRecords.Sum(r => r.Name.Length + 2) + 3 * 25;
        Assert.That(bytes.Length, Is.LessThan(uncompressedNames));
        Assert.That(bytes.Count(b => b == 0xC0), Is.GreaterThan(4), "pointers were used");
    }

    [Test]
    public void Questions_KeepTheUnicastResponseBit()
    {
        var q = new DnsMessage { Id = 0x1234 };
        q.Questions.Add(new DnsQuestion("ANI4OUT-5399e0.local", DnsType.A, UnicastResponse: true));
        q.Questions.Add(new DnsQuestion("_shure._tcp.local", DnsType.Ptr));
        Assert.That(DnsMessageReader.TryRead(DnsMessageWriter.Write(q), out var read, out _), Is.True);
        Assert.That(read!.Id, Is.EqualTo(0x1234));
        Assert.That(read.Questions, Is.EqualTo(q.Questions));
    }

    [Test]
    public void NamesWithDotsInLabels_RoundTrip()
    {
        var m = new DnsMessage { IsResponse = true };
        m.Answers.Add(new DnsRecord { Name = "_http._tcp.local", Type = DnsType.Ptr, Target = "Room 2\\.1 amp._http._tcp.local" });
        Assert.That(DnsMessageReader.TryRead(DnsMessageWriter.Write(m), out var read, out _), Is.True);
        Assert.That(read!.Answers[0].Target, Is.EqualTo("Room 2\\.1 amp._http._tcp.local"));
        Assert.That(DnsName.FirstLabel(read.Answers[0].Target!), Is.EqualTo("Room 2.1 amp"));
    }

    [Test]
    public void EmptyTxt_IsWrittenAsOneEmptyString()
    {
        var m = new DnsMessage { IsResponse = true };
        m.Answers.Add(new DnsRecord { Name = "x.local", Type = DnsType.Txt });
        var bytes = DnsMessageWriter.Write(m);
        Assert.That(bytes[^1], Is.Zero);
        Assert.That(bytes[^3..^1], Is.EqualTo(new byte[] { 0, 1 }), "rdlength 1");
    }

    public static IEnumerable<TestCaseData> Malformed()
    {
        byte[] Header(int qd = 0, int an = 0) => [0, 0, 0x84, 0, 0, (byte)qd, 0, (byte)an, 0, 0, 0, 0];
        yield return new TestCaseData(Array.Empty<byte>()).SetName("empty");
        yield return new TestCaseData(new byte[11]).SetName("short header");
        yield return new TestCaseData(Header(qd: 1)).SetName("question missing");
        yield return new TestCaseData(Header(qd: 1).Concat(new byte[] { 0xC0, 12, 0, 1, 0, 1 }).ToArray()).SetName("pointer to itself");
        yield return new TestCaseData(Header(qd: 1).Concat(new byte[] { 0xC0, 14, 0, 1, 0, 1 }).ToArray()).SetName("forward pointer");
        yield return new TestCaseData(Header(qd: 1).Concat(new byte[] { 1, (byte)'a', 0xC0, 12, 0, 1, 0, 1 }).ToArray()).SetName("pointer loop");
        yield return new TestCaseData(Header(qd: 1).Concat(new byte[] { 64 }).Concat(new byte[64]).Concat(new byte[] { 0, 0, 1, 0, 1 }).ToArray()).SetName("label over 63");
        yield return new TestCaseData(Header(qd: 1).Concat(Enumerable.Repeat(new byte[] { 63 }.Concat(new byte[63]), 5).SelectMany(x => x)).Concat(new byte[] { 0, 0, 1, 0, 1 }).ToArray()).SetName("name over 255");
        yield return new TestCaseData(Header(qd: 1).Concat(new byte[] { 0x40, 0, 0, 1, 0, 1 }).ToArray()).SetName("extended label type");
        yield return new TestCaseData(Header(an: 1).Concat(new byte[] { 0, 0, 1, 0, 1, 0, 0, 0, 120, 0, 8, 1, 2, 3, 4 }).ToArray()).SetName("rdata past end");
        yield return new TestCaseData(Header(an: 1).Concat(new byte[] { 0, 0, 1, 0, 1, 0, 0, 0, 120, 0, 3, 1, 2, 3 }).ToArray()).SetName("A of 3 bytes");
        yield return new TestCaseData(Header(an: 1).Concat(new byte[] { 0, 0, 16, 0, 1, 0, 0, 0, 120, 0, 3, 5, 1, 2 }).ToArray()).SetName("TXT string past rdata");
        yield return new TestCaseData(Header(an: 1).Concat(new byte[] { 0, 0, 33, 0, 1, 0, 0, 0, 120, 0, 4, 0, 0, 0, 80 }).ToArray()).SetName("SRV too short");
        yield return new TestCaseData(Header(an: 1).Concat(new byte[] { 0, 0, 12, 0, 1, 0, 0, 0, 120, 0, 4, 1, (byte)'a', 0, 0 }).ToArray()).SetName("PTR shorter than rdlength says");
        yield return new TestCaseData(Header(an: 1).Concat(new byte[] { 0, 0, 47, 0, 1, 0, 0, 0, 120, 0, 3, 0, 0, 0 }).ToArray()).SetName("NSEC empty bitmap");
        yield return new TestCaseData(new byte[] { 0, 0, 0x84, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0 }).SetName("65535 answers claimed");
        yield return new TestCaseData(new byte[9001]).SetName("over 9000 bytes");
    }

    [TestCaseSource(nameof(Malformed))]
    public void Read_Malformed_ReturnsFalseWithAReason(byte[] packet)
    {
        Assert.That(DnsMessageReader.TryRead(packet, out var message, out var error), Is.False);
        Assert.That(message, Is.Null);
        Assert.That(error, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void Read_100000RandomAndMutatedPackets_NeverThrows()
    {
        var random = new Random(6762);
        var seeds = new[] { DnsMessageWriter.Write(SampleResponse()), QueryBytes() };
        var parsed = 0;
        for (var i = 0; i < 100_000; i++)
        {
            byte[] packet;
            if (i % 5 == 0)
            {
                packet = new byte[random.Next(0, 600)];
                random.NextBytes(packet);
            }
            else
            {
                packet = (byte[])seeds[random.Next(seeds.Length)].Clone();
                var mutations = random.Next(1, 6);
                for (var m = 0; m < mutations; m++)
                {
                    var at = random.Next(packet.Length);
                    packet[at] = random.Next(4) switch
                    {
                        0 => (byte)random.Next(256),
                        1 => 0xC0,
                        2 => (byte)random.Next(64),
                        _ => 0,
                    };
                }

                if (random.Next(4) == 0)
                {
                    packet = packet[..random.Next(packet.Length)];
                }
            }

            if (DnsMessageReader.TryRead(packet, out var message, out _))
            {
                parsed++;
                Assert.That(message!.Questions.Count + message.AllRecords.Count(), Is.LessThanOrEqualTo(DnsMessageReader.MaxQuestions + DnsMessageReader.MaxRecords));
            }
        }

        Assert.That(parsed, Is.GreaterThan(1000), "mutations still leave many packets readable");
    }

    [Test]
    public void Writer_RefusesMessagesOverTheLimit()
    {
        var m = new DnsMessage { IsResponse = true };
        for (var i = 0; i < 200; i++)
        {
            m.Answers.Add(new DnsRecord { Name = $"host-{i}-{new string('x', 50)}.local", Type = DnsType.A, Address = IPAddress.Loopback });
        }

        Assert.Throws<InvalidOperationException>(() => DnsMessageWriter.Write(m, 1500));
    }

    private static byte[] QueryBytes()
    {
        var q = new DnsMessage();
        q.Questions.Add(new DnsQuestion("_http._tcp.local", DnsType.Ptr));
        q.Answers.Add(new DnsRecord { Name = "_http._tcp.local", Type = DnsType.Ptr, Ttl = 4500, Target = "other._http._tcp.local" });
        return DnsMessageWriter.Write(q);
    }
}
