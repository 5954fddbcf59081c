using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery;
using ShureDrivers.PacketBridge;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Discovery;

/// <summary>
/// A <c>.local</c> name that is a Dante interface's: <see cref="TcpDeviceConnector"/> finds its command-string port
/// closed, asks its packet bridge, and connects to the control address it names (loopback only, unicast mDNS).
/// </summary>
[CancelAfter(30_000)]
public class DanteNameConnectorTests
{
    [Test]
    public async Task ConnectingToADanteName_GoesToTheControlAddressThePacketBridgeNames()
    {
        var control = IPAddress.Parse("127.0.0.2");
        var dante = IPAddress.Loopback;
        using var simulator = new Ani4OutSimulator(new SimulatorOptions { ControlMac = [0x00, 0x0E, 0xDD, 0x77, 0x88, 0x99], ControlAddress = control, DanteAddress = dante });
        await using var listener = SimulatorTcpListener.Start(simulator, new IPEndPoint(control, 0));
        await using var bridge = PacketBridgeResponder.Start(simulator, new IPEndPoint(dante, 0));
        var port = listener.LocalEndPoint.Port;

        // The Dante address holds the same port bound but not listening: a connect there is refused.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(dante, port));

        await using var responder = MdnsResponder.Start(
            [new SimulatedDevice(simulator, listener.LocalEndPoint, bridge.LocalEndPoint)],
            new MdnsResponderOptions { Port = 0, Probe = false, Announce = false, AdvertiseHttpService = false, AdvertiseDanteService = true });
        await responder.WhenReady;
        var mdns = new DiscoveryOptions
        {
            QueryTarget = new IPEndPoint(IPAddress.Loopback, responder.LocalEndPoint.Port),
            ScanTime = TimeSpan.FromSeconds(0.5),
            PacketBridge = new PacketBridgeOptions { Port = bridge.LocalEndPoint.Port, ResendInterval = TimeSpan.FromMilliseconds(500), Attempts = 2 },
        };

        await using var device = await Ani4OutDevice.ConnectAsync(
            $"{simulator.HostName}-d.local:{port}",
            new DeviceSessionOptions { Connector = new TcpDeviceConnector(mdns), ConnectTimeout = TimeSpan.FromSeconds(5) });
        Assert.That(device.ControlMacAddress, Is.EqualTo(simulator.MacAddress));
        Assert.That(bridge.AnsweredCount, Is.EqualTo(1));
    }
}
