using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Cli;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.PacketBridge;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Cli;

[Category("Loopback")]
[CancelAfter(60_000)]
public class SimulateCommandTests
{
    [Test]
    public async Task Simulate_ThreeDevicesAsJson_EachAnswersTcpAndTheBridge_AndStopsWhenStdinCloses()
    {
        // Address mode on free ports: each device its own 127.10.0.k, and no port another run could hold.
        await using var shure = ShureProcess.Start("simulate", "--devices", "3", "--control-port", "0", "--dante-port", "0", "--json");
        var json = await shure.ReadUntilLineAsync("}");
        var devices = JsonDocument.Parse(json).RootElement.GetProperty("devices").EnumerateArray().ToList();
        Assert.That(devices, Has.Count.EqualTo(3));

        foreach (var device in devices)
        {
            var control = new IPEndPoint(IPAddress.Parse(device.GetProperty("address").GetString()!), device.GetProperty("port").GetInt32());
            await using var client = new FrameClient(await TcpDeviceConnector.Instance.ConnectAsync(new DnsEndPoint(control.Address.ToString(), control.Port), default));
            Assert.That(await client.RequestAsync("< GET MODEL >"), Is.EqualTo("< REP MODEL {ANI4OUT-XLR                     } >"));

            var dante = device.GetProperty("dante");
            var reply = await UdpProbe.BridgeAsync(new IPEndPoint(IPAddress.Parse(dante.GetProperty("address").GetString()!), dante.GetProperty("port").GetInt32()));
            Assert.That(reply.ControlAddress, Is.EqualTo(control.Address));
            Assert.That(reply.MacAddressText, Is.EqualTo(device.GetProperty("mac").GetString()));
        }

        Assert.That(await shure.CloseInputAndWaitAsync(), Is.Zero);
    }

    [Test]
    public async Task Simulate_Table_ListsEveryDevice()
    {
        await using var shure = ShureProcess.Start("simulate", "--devices", "2", "--ports", "--model", "block", "--seed", "9");
        var output = await shure.ReadUntilAsync(line => line.Contains("00:0E:DD:09:00:02", StringComparison.Ordinal));
        Assert.That(await shure.CloseInputAndWaitAsync(), Is.Zero);
        Assert.That(output, Does.StartWith("NAME"));
        Assert.That(output, Does.Contain("ANI4OUT-BLOCK"));
        Assert.That(output, Does.Contain("00:0E:DD:09:00:01"));
        Assert.That(output, Does.Contain("00:0E:DD:09:00:02"));
    }

    [TestCase("simulate", "--devices", "0")]
    [TestCase("simulate", "--model", "rack")]
    [TestCase("simulate", "--bogus")]
    [TestCase("simulate", "--control-port", "70000")]
    [TestCase("nonsense")]
    public async Task BadArguments_ExitWithUsageCode(params string[] args)
    {
        var error = new StringWriter();
        var code = await ShureCli.RunAsync(args, new CliConsole(TextWriter.Null, error, TextReader.Null));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error.ToString(), Is.Not.Empty);
    }

    [Test]
    public async Task Simulate_BadAddress_IsAUsageError()
    {
        var error = new StringWriter();
        var code = await ShureCli.RunAsync(["simulate", "--ports", "--bind", "not-an-ip"], new CliConsole(TextWriter.Null, error, TextReader.Null));
        Assert.That(code, Is.EqualTo(2));
    }

    [Test]
    public async Task Simulate_PortInUse_FailsWithAMessage()
    {
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Parse("127.10.0.1"), 0));
        blocker.Listen(1);
        var taken = ((IPEndPoint)blocker.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var error = new StringWriter();
        var code = await ShureCli.RunAsync(["simulate", "--control-port", taken, "--dante-port", "0"], new CliConsole(TextWriter.Null, error, TextReader.Null));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("Could not start"));
    }
}
