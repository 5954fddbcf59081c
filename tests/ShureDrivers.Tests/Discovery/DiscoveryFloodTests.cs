using Microsoft.Extensions.Time.Testing;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Discovery;

/// <summary>A flood of answers cannot grow one scan's records without bound.</summary>
[CancelAfter(30_000)]
public class DiscoveryFloodTests
{
    [Test]
    public async Task Collect_KeepsAtMostMaxRecords_UnderAFlood()
    {
        var network = new SimulatedNetwork();
        var controller = network.AddHost(IPAddress.Parse("192.168.77.2"));
        var flooder = new IPEndPoint(IPAddress.Parse("192.168.77.66"), 5353);
        var sent = 0;

        // Every query is answered by 100 packets of 100 distinct records: 10 000 per query, 30 000 for three.
        network.Filter = d =>
        {
            if (d.Source.Address.Equals(controller.Address))
            {
                for (var p = 0; p < 100; p++)
                {
                    var message = new DnsMessage { IsResponse = true };
                    for (var r = 0; r < 100; r++)
                    {
                        var n = Interlocked.Increment(ref sent);
                        message.Answers.Add(new DnsRecord { Name = $"h{n}.local", Type = DnsType.A, Ttl = 120, Address = new IPAddress(n) });
                    }

                    network.Inject(flooder, d.Source, DnsMessageWriter.Write(message));
                }
            }

            return true;
        };
        var options = new DiscoveryOptions { Transport = controller, ScanTime = TimeSpan.FromSeconds(0.6), IPv6 = false };
        var querier = new MdnsQuerier(options);
        var nic = querier.SelectInterfaces().Single();
        var records = await querier.CollectAsync(nic, _ => [new DnsQuestion("_http._tcp.local", DnsType.Ptr)], CancellationToken.None);
        Assert.That(Volatile.Read(ref sent), Is.EqualTo(30_000), "three queries were flooded");
        Assert.That(network.DeliveredCount, Is.EqualTo(300), "every flood packet reached the querier");
        Assert.That(records, Has.Count.EqualTo(MdnsQuerier.MaxRecords));
    }
}
