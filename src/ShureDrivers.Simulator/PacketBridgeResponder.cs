using System;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Internal;
using ShureDrivers.Networking;
using ShureDrivers.PacketBridge;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

/// <summary>
/// The simulated packet bridge: a UDP datagram of 1..140 bytes (any content) gets the 14-byte reply (control
/// address, subnet mask, MAC) sent back to the sender's address and port. Empty or longer datagrams get nothing.
/// Listens on the simulated Dante address, port 2203, unless told otherwise.
/// </summary>
public sealed class PacketBridgeResponder : IAsyncDisposable, IDisposable
{
    private readonly DatagramSocket _socket;
    private readonly byte[] _reply;
    private readonly ILogger _logger;
    private readonly string _hostName;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _answered;
    private long _ignored;

    private PacketBridgeResponder(Ani4OutSimulator simulator, IPEndPoint endpoint, DatagramTransport transport)
    {
        var options = simulator.Options;
        _reply = new PacketBridgeReply(options.ControlAddress, options.ControlSubnetMask, new PhysicalAddress(options.ControlMac)).ToBytes();
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(SimulatorLog.Category);
        _hostName = simulator.HostName;
        // A receive buffer larger than any query we answer, so an over-long datagram is seen as over-long, not cut to 140.
        _socket = transport.Bind(endpoint, new DatagramSocketOptions { ReceiveBufferSize = 2048 });
        LocalEndPoint = _socket.LocalEndPoint;
        _loop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Where the responder listens.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Queries answered.</summary>
    public long AnsweredCount => Interlocked.Read(ref _answered);

    /// <summary>Datagrams ignored (empty or over 140 bytes).</summary>
    public long IgnoredCount => Interlocked.Read(ref _ignored);

    /// <summary>
    /// Starts answering for <paramref name="simulator"/> on <paramref name="endpoint"/> (default: its Dante address,
    /// port 2203), over <paramref name="transport"/> (default: real UDP).
    /// </summary>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    public static PacketBridgeResponder Start(Ani4OutSimulator simulator, IPEndPoint? endpoint = null, DatagramTransport? transport = null)
    {
        Guard.NotNull(simulator, nameof(simulator));
        return new PacketBridgeResponder(simulator, endpoint ?? new IPEndPoint(simulator.Options.DanteAddress, PacketBridgeReply.DefaultPort), transport ?? UdpDatagramTransport.Instance);
    }

    /// <summary>Stops answering.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task ReceiveLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            ReceivedDatagram received;
            try
            {
                received = await _socket.ReceiveAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                return; // stopped, or the network went away
            }

            if (received.Data.Length is < PacketBridgeReply.MinQueryLength or > PacketBridgeReply.MaxQueryLength)
            {
                Interlocked.Increment(ref _ignored);
                continue;
            }

            // Counted before sending, so whoever sees the reply also sees the count.
            Interlocked.Increment(ref _answered);
            SimulatorLog.PacketBridgeAnswered(_logger, _hostName, received.RemoteEndPoint);
            try
            {
                await _socket.SendAsync(_reply, received.RemoteEndPoint).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The asker is gone; nothing to do.
            }
        }
    }
}
