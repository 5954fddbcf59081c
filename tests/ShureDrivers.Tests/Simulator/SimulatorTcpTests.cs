using Microsoft.Extensions.Time.Testing;
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

/// <summary>The TCP front on real loopback sockets (127.0.0.1, port 0).</summary>
[Category("Loopback")]
[CancelAfter(20_000)]
public class SimulatorTcpTests
{
    [Test]
    public async Task Listener_ServesTheDeviceOverTcp()
    {
        using var sim = new Ani4OutSimulator();
        await using var listener = SimulatorTcpListener.Start(sim);
        Assert.That(listener.LocalEndPoint.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(listener.LocalEndPoint.Port, Is.Not.Zero);

        await using var client = new FrameClient(await TcpDeviceConnector.Instance.ConnectAsync(new DnsEndPoint("127.0.0.1", listener.LocalEndPoint.Port), default));
        Assert.That(await client.RequestAsync("< GET MODEL >"), Is.EqualTo("< REP MODEL {ANI4OUT-XLR                     } >"));
        Assert.That(await client.RequestAsync("< SET 2 AUDIO_GAIN_HI_RES 1035 >"), Is.EqualTo("< REP 2 AUDIO_GAIN_HI_RES 1035 >"));
        Assert.That(sim.GetGain(2), Is.EqualTo(Gain.FromDb(-6.5)));
    }

    [Test]
    public async Task Reboot_ClosesTheListenerUntilBootEnds_OnTheSamePort()
    {
        var time = new FakeTimeProvider();
        using var sim = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = time, BootTime = TimeSpan.FromSeconds(10) });
        await using var listener = SimulatorTcpListener.Start(sim);
        var port = listener.LocalEndPoint.Port;
        var endpoint = new DnsEndPoint("127.0.0.1", port);

        await using (var client = new FrameClient(await TcpDeviceConnector.Instance.ConnectAsync(endpoint, default)))
        {
            await client.SendAsync("< SET REBOOT >");
            Assert.That(await client.ReadToCloseAsync(), Is.Empty);
        }

        var refused = Assert.ThrowsAsync<SocketException>(async () => await TcpDeviceConnector.Instance.ConnectAsync(endpoint, default));
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(listener.LocalEndPoint.Port, Is.EqualTo(port));
        await using var after = new FrameClient(await TcpDeviceConnector.Instance.ConnectAsync(endpoint, default));
        Assert.That(await after.RequestAsync("< GET PRESET >"), Is.EqualTo("< REP PRESET 00 >"));
    }

    [Test]
    public async Task RefuseConnections_ResetsAcceptedSockets()
    {
        using var sim = new Ani4OutSimulator();
        await using var listener = SimulatorTcpListener.Start(sim);
        sim.Faults.RefuseConnections = true;

        // The reset can reach the client while it connects or on its first read; either way no session opens.
        try
        {
            await using var client = new FrameClient(await TcpDeviceConnector.Instance.ConnectAsync(new DnsEndPoint("127.0.0.1", listener.LocalEndPoint.Port), default));
            Assert.That(await client.ReadToCloseAsync(), Is.Empty);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
        {
        }

        Assert.That(sim.SessionCount, Is.Zero);
    }

    [Test]
    public async Task ClientDisconnect_EndsTheSession()
    {
        using var sim = new Ani4OutSimulator();
        await using var listener = SimulatorTcpListener.Start(sim);
        var client = new FrameClient(await TcpDeviceConnector.Instance.ConnectAsync(new DnsEndPoint("127.0.0.1", listener.LocalEndPoint.Port), default));
        await client.RequestAsync("< GET MODEL >");
        Assert.That(sim.SessionCount, Is.EqualTo(1));
        await client.DisposeAsync();
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (sim.SessionCount != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        Assert.That(sim.SessionCount, Is.Zero);
    }
}
