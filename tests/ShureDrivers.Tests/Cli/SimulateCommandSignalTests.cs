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

/// <summary>The README's room file and Ctrl+C on an mDNS simulator, in the private network namespace.</summary>
[CancelAfter(60_000)]
[Platform("Linux")] // reason: signals are sent with kill(2); the namespace is Linux's
public class SimulateCommandSignalTests : MulticastFixture
{
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
            // As the README says to start it: an ANI4OUT and an ANI4IN.
            await using var simulate = ShureProcess.Start("simulate", "--mdns", "--devices", "2", "--model", "ANI4OUT,ANI4IN", "--control-port", "0", "--dante-port", "0", "--json");
            await simulate.ReadUntilLineAsync("}");
            var (code, output, error) = await InProcessShure.RunAsync("apply", file, "--loopback", "--json");
            Assert.That(code, Is.Zero, error + output);
            var devices = JsonDocument.Parse(output).RootElement.GetProperty("devices");
            Assert.That(devices.EnumerateArray().Select(d => d.GetProperty("status").GetString()), Is.EqualTo(new[] { "ok", "ok" }));

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
