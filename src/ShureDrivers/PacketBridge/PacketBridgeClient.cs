using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Internal;
using ShureDrivers.Networking;

namespace ShureDrivers.PacketBridge;

/// <summary>
/// Asks a device's packet bridge (UDP 2203 on its Dante address) for its control interface's address, subnet
/// mask and MAC: the way to find the address to control when all you know is the Dante address.
/// </summary>
/// <remarks>
/// Each query uses its own socket, so any number of queries can run at once without their replies mixing. Only a
/// 14-byte datagram from the queried address and port is taken as the reply; anything else is ignored. Safe to use
/// from several threads.
/// </remarks>
public sealed class PacketBridgeClient
{
    private static readonly byte[] Query = "SHURE?"u8.ToArray();
    private readonly PacketBridgeOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a client.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public PacketBridgeClient(PacketBridgeOptions? options = null)
    {
        _options = (options ?? new PacketBridgeOptions()).Clone();
        _options.Validate();
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.PacketBridgeCategory);
    }

    /// <summary>Queries the device whose Dante interface is <paramref name="danteAddress"/>.</summary>
    /// <exception cref="ArgumentException">Not an IPv4 address.</exception>
    /// <exception cref="DeviceTimeoutException">No valid reply after every attempt.</exception>
    /// <exception cref="DeviceConnectionException">The query could not be sent (no route, for example), or replies could no longer be received.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<PacketBridgeReply> QueryAsync(IPAddress danteAddress, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(danteAddress, nameof(danteAddress));
        if (danteAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The packet bridge answers on IPv4 only.", nameof(danteAddress));
        }

        return QueryAsync(new IPEndPoint(danteAddress, _options.Port), cancellationToken);
    }

    /// <summary>Queries a packet bridge at an explicit endpoint (a simulator on another port, for example).</summary>
    /// <exception cref="DeviceTimeoutException">No valid reply after every attempt.</exception>
    /// <exception cref="DeviceConnectionException">The query could not be sent, or replies could no longer be received.</exception>
    public async Task<PacketBridgeReply> QueryAsync(IPEndPoint bridge, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(bridge, nameof(bridge));
        using var socket = _options.Transport.Bind(
            new IPEndPoint(bridge.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0),
            new DatagramSocketOptions { ReceiveBufferSize = 2048, ReceiveQueueLength = 64 });
        var started = _options.TimeProvider.GetTimestamp();
        for (var attempt = 1; attempt <= _options.Attempts; attempt++)
        {
            try
            {
                await socket.SendAsync(Query, bridge, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new DeviceConnectionException($"Could not send a packet-bridge query to {bridge}: {ex.Message}", bridge.ToString(), ex);
            }

            Log.BridgeQuerySent(_logger, bridge, attempt);
            using var interval = _options.TimeProvider.CreateTimeoutSource(_options.ResendInterval);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
            while (await ReceiveAsync(socket, bridge, both.Token).ConfigureAwait(false) is { } datagram)
            {
                // From the bridge port of the queried address, or of the control address the reply names (a device
                // may answer from its control interface); anything else, or anything implausible, is counted and ignored.
                if (datagram.RemoteEndPoint.Port == bridge.Port
                    && PacketBridgeReply.TryParse(datagram.Data.Span, out var reply)
                    && (datagram.RemoteEndPoint.Address.Equals(bridge.Address) || datagram.RemoteEndPoint.Address.Equals(reply!.ControlAddress)))
                {
                    Log.BridgeAnswered(_logger, bridge, reply!);
                    return reply!;
                }

                DeviceTelemetry.BridgeRepliesIgnored.Add(1);
                Log.BridgeIgnored(_logger, datagram.RemoteEndPoint, datagram.Data.Length);
            }

            cancellationToken.ThrowIfCancellationRequested(); // otherwise this attempt's interval is over: send again
        }

        var elapsed = _options.TimeProvider.GetElapsedTime(started);
        throw new DeviceTimeoutException($"No packet-bridge reply from {bridge} after {_options.Attempts} attempt(s) in {elapsed.TotalSeconds:0.#} s.", elapsed, bridge.ToString());
    }

    private static async Task<ReceivedDatagram?> ReceiveAsync(DatagramSocket socket, IPEndPoint bridge, CancellationToken until)
    {
        try
        {
            return await socket.TryReceiveAsync(until).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new DeviceConnectionException($"Stopped receiving packet-bridge replies from {bridge}: {ex.Message}", bridge.ToString(), ex);
        }
    }
}
