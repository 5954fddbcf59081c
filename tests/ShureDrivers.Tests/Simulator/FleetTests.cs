using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.PacketBridge;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

[Category("Loopback")]
[CancelAfter(60_000)]
public class FleetTests
{
    [Test]
    public async Task AddressMode_GivesEachDeviceItsOwnLoopbackAddresses_OnTheRealPortsByDefault()
    {
        Assert.That((new FleetOptions().ControlPort, new FleetOptions().DantePort), Is.EqualTo((2202, 2203)), "the real ports unless told otherwise");

        // Free ports here: the real ones on the shared 127.10/127.20 addresses may be held by another run.
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 3, UsePorts = false, ControlPort = 0, DantePort = 0, Seed = 7 });
        var d2 = fleet.Devices[1];
        Assert.That(d2.ControlEndPoint.Address, Is.EqualTo(IPAddress.Parse("127.10.0.2")));
        Assert.That(d2.DanteEndPoint.Address, Is.EqualTo(IPAddress.Parse("127.20.0.2")));
        Assert.That(d2.ControlEndPoint.Port, Is.Not.Zero);
        Assert.That(d2.MacAddress, Is.EqualTo("00:0E:DD:07:00:02"));
        Assert.That(d2.HostName, Is.EqualTo("ANI4OUT-070002"));
        Assert.That(fleet.Devices.Select(d => d.MacAddress), Is.Unique);

        await using var client = new FrameClient(await TcpDeviceConnector.Instance.ConnectAsync(new DnsEndPoint(d2.ControlEndPoint.Address.ToString(), d2.ControlEndPoint.Port), default));
        Assert.That(await client.RequestAsync("< GET CONTROL_MAC_ADDR >"), Is.EqualTo("< REP CONTROL_MAC_ADDR 00:0E:DD:07:00:02 >"));
        Assert.That(await client.RequestAsync("< GET IP_ADDR_NET_AUDIO_PRIMARY >"), Does.StartWith("< REP IP_ADDR_NET_AUDIO_PRIMARY {127.20.0.2"));

        var reply = await UdpProbe.BridgeAsync(d2.DanteEndPoint);
        Assert.That(reply.ControlAddress, Is.EqualTo(IPAddress.Parse("127.10.0.2")));
        Assert.That(reply.MacAddressText, Is.EqualTo("00:0E:DD:07:00:02"));
    }

    [Test]
    public async Task PortsMode_PutsEveryDeviceOnOneAddressWithDistinctPorts()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 4, UsePorts = true });
        Assert.That(fleet.Devices.Select(d => d.ControlEndPoint.Address).Distinct().Single(), Is.EqualTo(IPAddress.Loopback));
        Assert.That(fleet.Devices.Select(d => d.ControlEndPoint.Port).Concat(fleet.Devices.Select(d => d.DanteEndPoint.Port)), Is.Unique);
        foreach (var device in fleet.Devices)
        {
            await using var client = new FrameClient(await TcpDeviceConnector.Instance.ConnectAsync(new DnsEndPoint("127.0.0.1", device.ControlEndPoint.Port), default));
            Assert.That(await client.RequestAsync("< GET SERIAL_NUM >"), Does.Contain(device.Simulator.Options.SerialNumber));
        }
    }

    [Test]
    public async Task ThousandDevices_StartAndEachAnswersTcpBridgeAndMdns()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions
        {
            DeviceCount = 1000,
            UsePorts = false,
            // Free ports, so two test runs on one machine cannot collide on 1 000 addresses.
            ControlPort = 0,
            DantePort = 0,
            Mdns = new MdnsResponderOptions { Port = 0, Probe = false, Announce = false },
        });
        Assert.That(fleet.Devices, Has.Count.EqualTo(1000));
        Assert.That(fleet.Devices[999].ControlEndPoint.Address, Is.EqualTo(IPAddress.Parse("127.10.3.238")));

        // Every device over TCP, in parallel batches.
        var answers = 0;
        foreach (var batch in fleet.Devices.Chunk(100))
        {
            await Task.WhenAll(batch.Select(async d =>
            {
                await using var client = new FrameClient(await TcpDeviceConnector.Instance.ConnectAsync(new DnsEndPoint(d.ControlEndPoint.Address.ToString(), d.ControlEndPoint.Port), default));
                if ((await client.RequestAsync("< GET CONTROL_MAC_ADDR >")).Contains(d.MacAddress, StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref answers);
                }
            }));
        }

        Assert.That(answers, Is.EqualTo(1000));

        // A sample over the packet bridge and mDNS.
        foreach (var d in new[] { fleet.Devices[0], fleet.Devices[499], fleet.Devices[999] })
        {
            Assert.That((await UdpProbe.BridgeAsync(d.DanteEndPoint)).ControlAddress, Is.EqualTo(d.ControlEndPoint.Address));
            var a = await UdpProbe.LegacyQueryAsync(fleet.Mdns!.LocalEndPoint.Port, new DnsQuestion(d.HostName + ".local", DnsType.A));
            Assert.That(a.Answers.Single().Address, Is.EqualTo(d.ControlEndPoint.Address));
        }
    }

    [Test]
    public void Start_FailsCleanly_WhenAPortIsTaken()
    {
        // A free port, taken on device 2's address only.
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Parse("127.10.0.2"), 0));
        blocker.Listen(1);
        var taken = ((IPEndPoint)blocker.LocalEndPoint!).Port;
        Assert.Throws<SocketException>(() => Ani4OutFleet.Start(new FleetOptions { DeviceCount = 3, UsePorts = false, ControlPort = taken, DantePort = 0 }));

        // Device 1 was started and stopped again: its endpoint is free.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.DoesNotThrow(() => probe.Bind(new IPEndPoint(IPAddress.Parse("127.10.0.1"), taken)));
    }

    [Test]
    public void Start_RefusesBadCounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ani4OutFleet.Start(new FleetOptions { DeviceCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ani4OutFleet.Start(new FleetOptions { DeviceCount = Ani4OutFleet.MaxDevices + 1 }));
    }
}
