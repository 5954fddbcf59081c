using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.PacketBridge;

namespace ShureDrivers.Tests.Support;

/// <summary>One-shot UDP exchanges with simulated devices on loopback: a packet-bridge query and a legacy mDNS query.</summary>
internal static class UdpProbe
{
    /// <summary>A client socket on 127.0.0.1 and a free port.</summary>
    public static Socket NewClient()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>The next datagram, or a test failure after <see cref="TestTimeouts.Signal"/>.</summary>
    public static async Task<(byte[] Bytes, EndPoint From)> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[9000];
        using var cts = new CancellationTokenSource(TestTimeouts.Signal);
        var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        return (buffer[..result.ReceivedBytes], result.RemoteEndPoint);
    }

    /// <summary>Asks the packet bridge at <paramref name="dante"/> and parses its reply.</summary>
    public static async Task<PacketBridgeReply> BridgeAsync(IPEndPoint dante)
    {
        using var socket = NewClient();
        await socket.SendToAsync(new byte[] { 1 }, SocketFlags.None, dante);
        var (bytes, _) = await ReceiveAsync(socket);
        Assert.That(PacketBridgeReply.TryParse(bytes, out var reply), Is.True);
        return reply!;
    }

    /// <summary>Sends a legacy unicast mDNS query (from an ephemeral port) to 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task SendQueryAsync(Socket socket, int port, ushort id, DnsQuestion question)
    {
        var query = new DnsMessage { Id = id };
        query.Questions.Add(question);
        await socket.SendToAsync(DnsMessageWriter.Write(query), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>The next DNS message on <paramref name="socket"/>, parsed.</summary>
    public static async Task<DnsMessage> ReceiveDnsAsync(Socket socket)
    {
        var (bytes, _) = await ReceiveAsync(socket);
        Assert.That(DnsMessageReader.TryRead(bytes, out var message, out var error), Is.True, error);
        return message!;
    }

    /// <summary>A legacy unicast query and its answer.</summary>
    public static async Task<DnsMessage> LegacyQueryAsync(int port, DnsQuestion question, ushort id = 77)
    {
        using var socket = NewClient();
        await SendQueryAsync(socket, port, id, question);
        return await ReceiveDnsAsync(socket);
    }
}
