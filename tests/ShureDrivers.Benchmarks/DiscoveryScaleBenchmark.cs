using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Discovery;
using ShureDrivers.Networking;
using ShureDrivers.Simulator;

namespace ShureDrivers.Benchmarks;

/// <summary>
/// One scan against many simulated responders (each its own mDNS responder with one device): how many are found,
/// how long until the last one answered, and how many packets the querier sent and received. In memory always; over
/// the closed veth pair shv0/shv1 too when the process runs in the private namespace tests/multicast/private-link.sh
/// makes (responders on shv1, the querier on shv0). Beside each one-shot scan, in the same run, the browser (its
/// multicast queries, one socket on 5353) as the baseline. With <c>--hold</c> the veth responders stay up until
/// standard input closes, so tests/multicast/discovery-scale.sh can time <c>avahi-browse</c> against them.
/// </summary>
internal static class DiscoveryScaleBenchmark
{
    private const string ResponderSide = "shv1";
    private const string QuerierSide = "shv0";

    public static async Task<int> RunAsync(int responders, bool hold)
    {
        Console.WriteLine($"Responders: {responders}, one device each; default scan (1.5 s, 3 queries).");
        Console.WriteLine();
        Console.WriteLine("| Network | Querier | Found | Last answer after | Packets sent | Packets received |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        var missed = await InMemoryAsync(responders);
        if (IsClosedVeth())
        {
            missed += await VethAsync(responders, hold);
        }
        else
        {
            Console.WriteLine();
            Console.WriteLine("(veth: not run; start under `unshare --net bash tests/multicast/private-link.sh`.)");
        }

        return missed == 0 ? 0 : 1;
    }

    private static async Task<int> InMemoryAsync(int count)
    {
        var network = new SimulatedNetwork(IPAddress.Parse("10.77.0.0"), 16);
        var controller = network.AddHost(IPAddress.Parse("10.77.0.2"));
        var sent = 0L;
        var received = 0L;
        var answered = new ConcurrentDictionary<IPAddress, long>();
        var started = Stopwatch.GetTimestamp();
        network.Filter = d =>
        {
            if (d.Source.Address.Equals(controller.Address))
            {
                Interlocked.Increment(ref sent);
            }
            else if (d.Destination.Address.Equals(controller.Address) || d.Destination.Address.IsMulticastGroup())
            {
                Interlocked.Increment(ref received);
                answered.TryAdd(d.Source.Address, Stopwatch.GetTimestamp());
            }

            return true;
        };

        await using var responders = new Responders();
        for (var k = 1; k <= count; k++)
        {
            var host = network.AddHost(new IPAddress([10, 77, (byte)(1 + (k / 250)), (byte)(1 + (k % 250))]));
            responders.Start(k, host.Address, host);
        }

        (sent, received) = (0, 0);
        answered.Clear();
        started = Stopwatch.GetTimestamp();
        var found = await ShureDeviceDiscovery.DiscoverAsync(new DiscoveryOptions { Transport = controller, IPv6 = false });
        var missed = Report("in memory", "one-shot `DiscoverAsync`", found.Count, count, answered, started, sent, received);

        (sent, received) = (0, 0);
        answered.Clear();
        started = Stopwatch.GetTimestamp();
        var browsed = await BrowseUntilAllAsync(new DiscoveryOptions { Transport = controller, IPv6 = false }, count);
        Report("in memory", "browser (baseline)", browsed, count, answered, started, sent, received);
        return missed;
    }

    private static async Task<int> VethAsync(int count, bool hold)
    {
        var side = UdpDatagramTransport.Instance.GetInterfaces().First(i => i.Name == ResponderSide && i.IsIPv4);
        await using var responders = new Responders();
        for (var k = 1; k <= count; k++)
        {
            responders.Start(k, side.Address, null);
        }

        var options = new DiscoveryOptions { IPv6 = false };
        options.Interfaces.Add(QuerierSide);
        var answeredBefore = responders.AnsweredQueryCount;
        var started = Stopwatch.GetTimestamp();
        var found = await ShureDeviceDiscovery.DiscoverAsync(options);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var answers = responders.AnsweredQueryCount - answeredBefore;
        var missed = count - found.Count;
        Console.WriteLine($"| veth (private namespace) | one-shot `DiscoverAsync` | {found.Count}/{count} | (scan {elapsed.TotalSeconds:0.00} s) | {options.Queries} | {answers} answers |");

        // One query, half a second: does a single round already reach everyone?
        var quick = new DiscoveryOptions { IPv6 = false, Queries = 1, ScanTime = TimeSpan.FromSeconds(0.5) };
        quick.Interfaces.Add(QuerierSide);
        answeredBefore = responders.AnsweredQueryCount;
        var once = await ShureDeviceDiscovery.DiscoverAsync(quick);
        answers = responders.AnsweredQueryCount - answeredBefore;
        missed += count - once.Count;
        Console.WriteLine($"| veth (private namespace) | one-shot, 1 query, 0.5 s scan | {once.Count}/{count} | (scan 0.50 s) | 1 | {answers} answers |");

        answeredBefore = responders.AnsweredQueryCount;
        started = Stopwatch.GetTimestamp();
        var browsed = await BrowseUntilAllAsync(options, count);
        elapsed = Stopwatch.GetElapsedTime(started);
        answers = responders.AnsweredQueryCount - answeredBefore;
        Console.WriteLine($"| veth (private namespace) | browser (baseline) | {browsed}/{count} | {elapsed.TotalSeconds:0.000} s | - | {answers} answers |");

        if (hold)
        {
            Console.WriteLine("responders ready");
            await Console.In.ReadToEndAsync();
        }

        return missed;
    }

    // Appeared events until every device is in, or 10 s.
    private static async Task<int> BrowseUntilAllAsync(DiscoveryOptions options, int count)
    {
        var seen = new HashSet<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await foreach (var e in ShureDeviceBrowser.BrowseAsync(options, cts.Token))
            {
                if (e.Kind == DeviceEventKind.Appeared && seen.Add(e.Device.HostName) && seen.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Not everyone in 10 s: reported as found.
        }

        return seen.Count;
    }

    private static int Report(string network, string querier, int found, int count, ConcurrentDictionary<IPAddress, long> answered, long started, long sent, long received)
    {
        var last = answered.IsEmpty ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started, answered.Values.Max());
        Console.WriteLine($"| {network} | {querier} | {found}/{count} | {last.TotalSeconds:0.000} s | {sent} | {received} |");
        return count - found;
    }

    /// <summary>The simulated devices, each with its own mDNS responder, stopped together.</summary>
    private sealed class Responders : IAsyncDisposable
    {
        private readonly List<(Ani4OutSimulator Simulator, MdnsResponder Responder)> _all = [];

        public long AnsweredQueryCount => _all.Sum(r => r.Responder.AnsweredQueryCount);

        // Device k answers on address (through transport, or real UDP when null).
        public void Start(int k, IPAddress address, DatagramTransport? transport)
        {
            var sim = new Ani4OutSimulator(new SimulatorOptions { ControlMac = Mac(k) });
            var device = new SimulatedDevice(sim, new IPEndPoint(address, 2202), new IPEndPoint(address, 2203));
            _all.Add((sim, MdnsResponder.Start([device], new MdnsResponderOptions { Transport = transport, InterfaceAddress = address, Probe = false, Announce = false, IPv6 = false, Seed = k })));
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var (sim, responder) in _all)
            {
                await responder.DisposeAsync();
                sim.Dispose();
            }
        }
    }

    private static byte[] Mac(int k) => [0x00, 0x0E, 0xDD, 0x05, (byte)(k >> 8), (byte)k];

    private static bool IsMulticastGroup(this IPAddress address) => address.GetAddressBytes()[0] is >= 224 and <= 239;

    private static bool IsClosedVeth()
    {
        var names = NetworkInterface.GetAllNetworkInterfaces().Select(n => n.Name).ToList();
        if (!names.Contains(ResponderSide) || !names.Contains(QuerierSide) || names.Any(n => n is not ("lo" or ResponderSide or QuerierSide)))
        {
            return false;
        }

        using var ip = Process.Start(new ProcessStartInfo("ip", "-o link show " + QuerierSide) { RedirectStandardOutput = true })!;
        var output = ip.StandardOutput.ReadToEnd();
        return ip.WaitForExit(5_000) && output.Contains(QuerierSide + "@" + ResponderSide + ":", StringComparison.Ordinal);
    }
}
