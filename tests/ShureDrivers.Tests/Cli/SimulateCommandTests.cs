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

/// <summary>Usage errors of simulate's mDNS options: refused before anything is bound or sent.</summary>
public class SimulateCommandMdnsUsageTests
{
    [Test]
    public async Task MdnsOnALink_WithoutPortsThere_ExitsTwo_NamingTheFix()
    {
        var (code, _, error) = await InProcessShure.RunAsync("simulate", "--mdns", "--mdns-interface", "192.0.2.7");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--ports --bind 192.0.2.7"));
    }

    [Test]
    public async Task UnknownService_ExitsTwo()
    {
        var (code, _, error) = await InProcessShure.RunAsync("simulate", "--mdns", "--mdns-services", "http,airplay");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("airplay"));
    }
}

/// <summary>The same check with mDNS on, in a private network namespace.</summary>
[Category("Multicast")]
[NonParallelizable] // reason: shares 224.0.0.251:5353 on lo
[CancelAfter(60_000)]
public class SimulateCommandMdnsTests
{
    [SetUp]
    public void SetUp() => IsolatedNetwork.RequireIsolation();

    [Test]
    public async Task Simulate_WithMdns_EachDeviceAnswersItsLocalName()
    {
        await using var shure = ShureProcess.Start("simulate", "--devices", "3", "--control-port", "0", "--dante-port", "0", "--json", "--mdns");
        var json = await shure.ReadUntilLineAsync("}");
        foreach (var device in JsonDocument.Parse(json).RootElement.GetProperty("devices").EnumerateArray())
        {
            var host = device.GetProperty("hostName").GetString()!;
            var reply = await UdpProbe.LegacyQueryAsync(5353, new DnsQuestion(host, DnsType.A), id: 42);
            Assert.That(reply.Answers.Single().Address, Is.EqualTo(IPAddress.Parse(device.GetProperty("address").GetString()!)));
        }

        Assert.That(await shure.CloseInputAndWaitAsync(), Is.Zero);
    }

    [Test]
    public async Task Status_OfALocalName_UsesThePortTheDeviceAdvertises_AsSimulatesHintSays()
    {
        // --ports: one address, free ports; only _shure._tcp's SRV says which port is whose.
        await using var shure = ShureProcess.Start("simulate", "--devices", "2", "--ports", "--json", "--mdns");
        var devices = JsonDocument.Parse(await shure.ReadUntilLineAsync("}")).RootElement.GetProperty("devices").EnumerateArray().ToList();

        foreach (var device in devices)
        {
            var name = device.GetProperty("hostName").GetString()!;
            var (code, output, error) = await InProcessShure.RunAsync("status", name, "--loopback", "--json");
            Assert.That(code, Is.Zero, error);
            Assert.That(JsonDocument.Parse(output).RootElement.GetProperty("serial").GetString(), Is.EqualTo(device.GetProperty("serial").GetString()), "the device itself, on its own port");
        }

        // A port the user names is kept, even for a .local name.
        var first = devices[0].GetProperty("hostName").GetString()!;
        var (refused, _, _) = await InProcessShure.RunAsync("status", first, "--loopback", "--port", "1", "--timeout", "2");
        Assert.That(refused, Is.EqualTo(3));
        Assert.That(await shure.CloseInputAndWaitAsync(), Is.Zero);
    }

    [Test]
    public async Task Probe_OfALocalName_AnswersTheMdnsQuestions()
    {
        await using var shure = ShureProcess.Start("simulate", "--ports", "--json", "--mdns", "--mdns-services", "http,shure");
        var device = JsonDocument.Parse(await shure.ReadUntilLineAsync("}")).RootElement.GetProperty("devices")[0];
        var name = device.GetProperty("hostName").GetString()!;

        var (code, output, error) = await InProcessShure.RunAsync("probe", name, "--loopback", "--timeout", "0.5", "--json");

        Assert.That(code, Is.Zero, error);
        var questions = JsonDocument.Parse(output).RootElement.GetProperty("questions").EnumerateArray().ToDictionary(q => q.GetProperty("id").GetString()!);
        Assert.That(questions["H24"].GetProperty("answered").GetBoolean(), Is.True, questions["H24"].GetProperty("answer").GetString());
        Assert.That(questions["H24"].GetProperty("answer").GetString(), Does.Contain("_shure._tcp").And.Contain("_http._tcp").And.Contain("serial=" + device.GetProperty("serial").GetString()));
        Assert.That(await shure.CloseInputAndWaitAsync(), Is.Zero);
    }

    [Test]
    public async Task Discover_ListsDevicesSeenOnlyThroughDante_WithTheControlAddressFromThePacketBridge()
    {
        // Address mode, the defaults' fixed addresses: safe here, inside the private namespace only.
        await using var shure = ShureProcess.Start("simulate", "--devices", "2", "--json", "--mdns", "--mdns-services", "dante");
        var devices = JsonDocument.Parse(await shure.ReadUntilLineAsync("}")).RootElement.GetProperty("devices").EnumerateArray().ToList();

        var (code, output, error) = await InProcessShure.RunAsync("discover", "--loopback", "--ipv4", "--json");
        Assert.That(code, Is.Zero, error);
        var found = JsonDocument.Parse(output).RootElement.GetProperty("devices").EnumerateArray().ToList();
        Assert.That(found, Has.Count.EqualTo(2));
        foreach (var device in devices)
        {
            var control = device.GetProperty("address").GetString()!;
            var dante = device.GetProperty("dante").GetProperty("address").GetString()!;
            var entry = found.Single(f => f.GetProperty("hostName").GetString() == device.GetProperty("hostName").GetString()!.Replace(".local", "-d.local", StringComparison.Ordinal));
            Assert.That(entry.GetProperty("addresses").EnumerateArray().Single().GetString(), Is.EqualTo(control));
            Assert.That(entry.GetProperty("dante").GetProperty("addresses").EnumerateArray().Single().GetString(), Is.EqualTo(dante));
            Assert.That(entry.GetProperty("controlFrom").GetString(), Is.EqualTo("packet-bridge"));
        }

        (code, output, _) = await InProcessShure.RunAsync("discover", "--loopback", "--ipv4");
        Assert.That(output, Does.Contain("CONTROL").And.Contain("DANTE").And.Contain("(control via packet bridge)"));
        Assert.That(await shure.CloseInputAndWaitAsync(), Is.Zero);
    }
}

/// <summary>The README's room file and Ctrl+C on an mDNS simulator, in the private network namespace.</summary>
[Category("Multicast")]
[NonParallelizable] // reason: shares 224.0.0.251:5353 on lo
[CancelAfter(60_000)]
[Platform("Linux")] // reason: signals are sent with kill(2); the namespace is Linux's
public class SimulateCommandSignalTests
{
    [SetUp]
    public void SetUp() => IsolatedNetwork.RequireIsolation();

    [Test]
    public async Task ReadmeRoomFile_AppliesAsWritten_AgainstSimulateMdns_WithLoopback()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"));
        var start = readme.IndexOf("```json\n{ \"devices\"", StringComparison.Ordinal) + "```json\n".Length;
        var room = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var file = Path.Combine(Path.GetTempPath(), $"readme-room-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, room);
        try
        {
            await using var simulate = ShureProcess.Start("simulate", "--mdns", "--control-port", "0", "--dante-port", "0", "--json");
            await simulate.ReadUntilLineAsync("}");
            var (code, output, error) = await InProcessShure.RunAsync("apply", file, "--loopback", "--json");
            Assert.That(code, Is.Zero, error + output);
            var device = JsonDocument.Parse(output).RootElement.GetProperty("devices")[0];
            Assert.That(device.GetProperty("status").GetString(), Is.EqualTo("ok"));

            (code, _, error) = await InProcessShure.RunAsync("apply", file, "--loopback");
            Assert.That(code, Is.Zero, "a second run changes nothing: " + error);
            Assert.That(await simulate.CloseInputAndWaitAsync(), Is.Zero);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Sigint_SendsMdnsGoodbyes_AndExits130()
    {
        using var listener = new System.Net.Sockets.UdpClient();
        listener.Client.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.ReuseAddress, true);
        listener.Client.Bind(new IPEndPoint(IPAddress.Any, 5353));
        listener.JoinMulticastGroup(IPAddress.Parse("224.0.0.251"), IPAddress.Loopback);
        await using var simulate = ShureProcess.Start("simulate", "--mdns", "--control-port", "0", "--dante-port", "0", "--json");
        await simulate.ReadUntilLineAsync("}");

        var code = await simulate.InterruptAndWaitAsync();
        Assert.That(code, Is.EqualTo(130), simulate.StandardError);
        Assert.That(simulate.StandardError, Does.Contain("ANI4OUT-010001.local").And.Contain("shure discover --loopback"), "it names what it advertises and how to find it");

        using var cts = new System.Threading.CancellationTokenSource(TestTimeouts.Signal);
        var goodbye = false;
        while (!goodbye)
        {
            var received = await listener.ReceiveAsync(cts.Token);
            goodbye = DnsMessageReader.TryRead(received.Buffer, out var m, out _) && m.IsResponse && m.Answers.Count > 0 && m.Answers.All(a => a.Ttl == 0);
        }

        Assert.That(goodbye, Is.True, "a goodbye (TTL 0) after Ctrl+C");
    }
}
