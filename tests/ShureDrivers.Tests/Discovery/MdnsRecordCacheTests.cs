using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using NUnit.Framework;
using ShureDrivers.Discovery;
using ShureDrivers.Discovery.Dns;

namespace ShureDrivers.Tests.Discovery;

/// <summary>The browser's record cache, without sockets or clocks: timestamps are plain numbers (1 000 per second).</summary>
public class MdnsRecordCacheTests
{
    private const long PerSecond = 1000;
    private static readonly IPAddress LinkA = IPAddress.Parse("192.168.1.20");
    private static readonly IPAddress LinkB = IPAddress.Parse("10.0.0.20");
    private static readonly string[] Http = ["_http._tcp.local"];

    [Test]
    public void Records_LiveForTheirTtl_AndExpireAfterIt()
    {
        var cache = new MdnsRecordCache(PerSecond);
        cache.Add([Ptr("ANI4OUT-aabbcc", ttl: 120), Address("ANI4OUT-aabbcc.local", ttl: 10)], LinkA, now: 0);

        Assert.That(cache.Expire(9_999), Is.False);
        Assert.That(cache.Count, Is.EqualTo(2));
        Assert.That(cache.Expire(10_000), Is.True, "the A record's ten seconds are up");
        Assert.That(cache.Records.Single().Type, Is.EqualTo(DnsType.Ptr));
        Assert.That(cache.Expire(120_000), Is.True);
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public void AGoodbye_ReplacesTheRecord_AndExpiresItInOneSecond()
    {
        var cache = new MdnsRecordCache(PerSecond);
        cache.Add([Ptr("ANI4OUT-aabbcc", ttl: 4500)], LinkA, now: 0);
        cache.Add([Ptr("ANI4OUT-aabbcc", ttl: 0)], LinkA, now: 5_000);

        Assert.That(cache.Records.Single().Ttl, Is.Zero, "held as a goodbye, which the device list ignores");
        Assert.That(cache.Expire(5_999), Is.False);
        Assert.That(cache.Expire(6_000), Is.True, "RFC 6762 §10.1: one second");
    }

    [Test]
    public void KnownAnswers_ListPtrsWithMoreThanHalfTheirTtlLeft_WithTheTtlThatRemains()
    {
        var cache = new MdnsRecordCache(PerSecond);
        cache.Add([Ptr("ANI4OUT-000001", ttl: 100), Ptr("ANI4OUT-000002", ttl: 10), Address("ANI4OUT-000001.local", ttl: 100)], LinkA, now: 0);
        cache.Add([new DnsRecord { Name = "_other._tcp.local", Type = DnsType.Ptr, Ttl = 100, Target = "x._other._tcp.local" }], LinkA, now: 0);

        var known = cache.KnownAnswers(Http, now: 6_000, max: 100);

        Assert.That(known.Select(k => k.Target), Is.EqualTo(new[] { "ANI4OUT-000001._http._tcp.local" }), "the 10 s PTR has less than half left; A records and other services are not listed");
        Assert.That(known[0].Ttl, Is.EqualTo(94));
        Assert.That(cache.KnownAnswers(Http, now: 50_000, max: 100), Is.Empty, "exactly half left is not more than half");
    }

    [Test]
    public void KnownAnswers_AreBounded()
    {
        var cache = new MdnsRecordCache(PerSecond);
        cache.Add(Enumerable.Range(0, 50).Select(i => Ptr($"ANI4OUT-{i:x6}", ttl: 4500)), LinkA, now: 0);
        Assert.That(cache.KnownAnswers(Http, now: 0, max: 7), Has.Count.EqualTo(7));
    }

    [Test]
    public void ALinkThatGoes_TakesWhatOnlyItToldUs()
    {
        var cache = new MdnsRecordCache(PerSecond);
        cache.Add([Ptr("ANI4OUT-00000a", ttl: 4500)], LinkA, now: 0);
        cache.Add([Ptr("ANI4OUT-00000b", ttl: 4500)], LinkB, now: 0);

        Assert.That(cache.ForgetOffLink(source => source.Equals(LinkB)), Is.True);
        Assert.That(cache.Records.Select(r => r.Target), Is.EqualTo(new[] { "ANI4OUT-00000b._http._tcp.local" }));
        Assert.That(cache.ForgetOffLink(source => source.Equals(LinkB)), Is.False, "nothing more to forget");
    }

    [Test]
    public void AFlood_StopsAtTheCapacity_ButKnownRecordsStillRefresh()
    {
        var cache = new MdnsRecordCache(PerSecond, capacity: 3);
        cache.Add(Enumerable.Range(0, 10).Select(i => Ptr($"ANI4OUT-{i:x6}", ttl: 10)), LinkA, now: 0);
        Assert.That(cache.Count, Is.EqualTo(3));

        cache.Add([Ptr("ANI4OUT-000000", ttl: 100)], LinkA, now: 0);
        cache.Expire(10_000);
        Assert.That(cache.Records.Select(r => r.Target), Is.EqualTo(new[] { "ANI4OUT-000000._http._tcp.local" }), "the refreshed record outlived the others");
    }

    [Test]
    public void TheSameRecordFromAnotherResponse_IsOneEntry()
    {
        var cache = new MdnsRecordCache(PerSecond);
        cache.Add([Ptr("ANI4OUT-aabbcc", ttl: 120)], LinkA, now: 0);
        cache.Add([Ptr("ANI4OUT-AABBCC", ttl: 120)], LinkA, now: 1_000);
        Assert.That(cache.Count, Is.EqualTo(1), "names compare without case, as DNS does");
    }

    private static DnsRecord Ptr(string instance, uint ttl) =>
        new() { Name = "_http._tcp.local", Type = DnsType.Ptr, Ttl = ttl, Target = instance + "._http._tcp.local" };

    private static DnsRecord Address(string host, uint ttl) =>
        new() { Name = host, Type = DnsType.A, Ttl = ttl, Address = IPAddress.Parse("192.168.1.20") };
}
