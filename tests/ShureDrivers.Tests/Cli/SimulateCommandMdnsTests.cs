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

/// <summary>The same check with mDNS on, in a private network namespace.</summary>
[CancelAfter(60_000)]
public class SimulateCommandMdnsTests : MulticastFixture
{
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
