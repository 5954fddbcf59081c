using System.Globalization;
using System.IO;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Cli;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;
using static ShureDrivers.Tests.Support.InProcessShure;

namespace ShureDrivers.Tests.Cli;

[Category("Loopback")]
[CancelAfter(30_000)]
public class BridgeCommandTests
{
    [Test]
    public async Task Bridge_PrintsTheControlAddressMaskAndMac()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { ControlAddress = IPAddress.Parse("192.168.7.9"), ControlSubnetMask = IPAddress.Parse("255.255.255.0") });
        await using var responder = PacketBridgeResponder.Start(sim, new IPEndPoint(IPAddress.Loopback, 0));
        var (code, output, _) = await RunAsync("bridge", "127.0.0.1", "--port", responder.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture), "--json");
        Assert.That(code, Is.Zero);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.That(root.GetProperty("address").GetString(), Is.EqualTo("192.168.7.9"));
        Assert.That(root.GetProperty("subnetMask").GetString(), Is.EqualTo("255.255.255.0"));
        Assert.That(root.GetProperty("mac").GetString(), Is.EqualTo("00:0E:DD:53:99:E0"));
    }

    [Test]
    public async Task Bridge_NothingAnswers_ExitsWith3()
    {
        using var silent = UdpProbe.NewClient(); // a port that receives but never answers
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
        var (code, _, error) = await RunAsync("bridge", "127.0.0.1", "--port", port, "--timeout", "0.3");
        Assert.That(code, Is.EqualTo(3));
        Assert.That(error, Does.Contain("No packet-bridge reply"));
    }

    [TestCase("bridge", "fe80::1")]
    [TestCase("bridge", "not-an-ip")]
    [TestCase("bridge", "127.0.0.1", "--timeout", "0")]
    [TestCase("bridge", "127.0.0.1", "--port", "70000")]
    public async Task Bridge_BadArguments_ExitWith2(params string[] args)
    {
        Assert.That((await RunAsync(args)).Code, Is.EqualTo(2));
    }
}
