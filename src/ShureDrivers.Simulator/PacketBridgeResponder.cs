using System;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Internal;
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
    private readonly Socket _socket;
    private readonly byte[] _reply;
    private readonly ILogger _logger;
    private readonly string _hostName;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _answered;
    private long _ignored;

    private PacketBridgeResponder(Ani4OutSimulator simulator, IPEndPoint endpoint)
    {
        var options = simulator.Options;
        _reply = new PacketBridgeReply(options.ControlAddress, options.ControlSubnetMask, new PhysicalAddress(options.ControlMac)).ToBytes();
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(SimulatorLog.Category);
        _hostName = simulator.HostName;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(endpoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Where the responder listens.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Queries answered.</summary>
    public long AnsweredCount => Interlocked.Read(ref _answered);

    /// <summary>Datagrams ignored (empty or over 140 bytes).</summary>
    public long IgnoredCount => Interlocked.Read(ref _ignored);

    /// <summary>Starts answering for <paramref name="simulator"/> on <paramref name="endpoint"/> (default: its Dante address, port 2203).</summary>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    public static PacketBridgeResponder Start(Ani4OutSimulator simulator, IPEndPoint? endpoint = null)
    {
        Guard.NotNull(simulator, nameof(simulator));
        return new PacketBridgeResponder(simulator, endpoint ?? new IPEndPoint(simulator.Options.DanteAddress, PacketBridgeReply.DefaultPort));
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
        // Larger than any query we answer, so an over-long datagram is seen as over-long, not truncated to 140.
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(new ArraySegment<byte>(buffer), SocketFlags.None, any).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.MessageSize or SocketError.ConnectionReset or SocketError.ConnectionRefused)
            {
                Interlocked.Increment(ref _ignored);
                continue;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (received.ReceivedBytes is < PacketBridgeReply.MinQueryLength or > PacketBridgeReply.MaxQueryLength)
            {
                Interlocked.Increment(ref _ignored);
                continue;
            }

            // Counted before sending, so whoever sees the reply also sees the count.
            Interlocked.Increment(ref _answered);
            SimulatorLog.PacketBridgeAnswered(_logger, _hostName, received.RemoteEndPoint);
            try
            {
                await _socket.SendToAsync(new ArraySegment<byte>(_reply), SocketFlags.None, received.RemoteEndPoint).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The asker is gone; nothing to do.
            }
        }
    }
}
