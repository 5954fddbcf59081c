using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Networking;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Networking;

/// <summary>The OS receive buffer a browsing socket asks for, to hold a burst of answers (docs/performance.md).</summary>
public class UdpReceiveBufferTests
{
    [Test]
    public void SocketReceiveBufferBytes_IsGivenToTheOs_AndLeftAloneWhenNull()
    {
        using var asked = (ShureDrivers.Networking.UdpDatagramSocket)ShureDrivers.Networking.UdpDatagramTransport.Instance.Bind(
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), new ShureDrivers.Networking.DatagramSocketOptions { SocketReceiveBufferBytes = 1 << 20 });
        using var plain = (ShureDrivers.Networking.UdpDatagramSocket)ShureDrivers.Networking.UdpDatagramTransport.Instance.Bind(
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), new ShureDrivers.Networking.DatagramSocketOptions());
        Assert.That(asked.OsReceiveBufferBytes, Is.GreaterThan(plain.OsReceiveBufferBytes), "more than the OS default (unless the OS caps it below)");
    }
}
