using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Internal;

namespace ShureDrivers;

/// <summary>
/// Opens plain TCP connections (no Telnet negotiation) with Nagle off and OS keep-alive on. <c>.local</c> names are
/// resolved with the library's own mDNS resolver first (so they work on any OS), then with the OS resolver.
/// </summary>
public sealed class TcpDeviceConnector : DeviceConnector
{
    private readonly Discovery.DiscoveryOptions? _mdns;

    /// <summary>Creates a connector; <paramref name="mdns"/> chooses how <c>.local</c> names are resolved (default: every multicast interface, 1.5 s).</summary>
    public TcpDeviceConnector(Discovery.DiscoveryOptions? mdns = null) => _mdns = mdns;

    /// <summary>A shared instance.</summary>
    public static TcpDeviceConnector Instance { get; } = new();

    /// <inheritdoc />
    public override async Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        Guard.NotNull(endpoint, nameof(endpoint));
        cancellationToken.ThrowIfCancellationRequested();
        var isMdnsName = !IPAddress.TryParse(endpoint.Host, out var literal) && endpoint.Host.TrimEnd('.').EndsWith(".local", StringComparison.OrdinalIgnoreCase);
        var port = endpoint.Port;
        IPAddress[] addresses;
        if (literal is not null)
        {
            addresses = [literal];
        }
        else if (isMdnsName && await Discovery.ShureDeviceDiscovery.ResolveWithPortAsync(endpoint.Host, _mdns, cancellationToken).ConfigureAwait(false) is { Addresses.Count: > 0 } viaMdns)
        {
            addresses = [.. viaMdns.Addresses];

            // Nobody chose the port: the one the device advertises for its command strings wins over the default.
            if (endpoint is DefaultPortEndPoint && viaMdns.AdvertisedPort is { } advertised)
            {
                port = advertised;
            }
        }
        else
        {
#if NETSTANDARD2_0
            addresses = await Dns.GetHostAddressesAsync(endpoint.Host).ConfigureAwait(false);
#else
            addresses = await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
#endif
        }

        var (stream, failure) = await TryConnectAsync(addresses, port, cancellationToken).ConfigureAwait(false);
        if (stream is not null)
        {
            return stream;
        }

        // A .local name may be the Dante interface's (its _netaudio-arc._udp host), which serves no command strings:
        // its packet bridge names the control address, as discovery and room files resolve it.
        if (isMdnsName && failure is SocketException)
        {
            var control = await ControlAddressesAsync(addresses, cancellationToken).ConfigureAwait(false);
            if (control.Length > 0)
            {
                (stream, _) = await TryConnectAsync(control, port, cancellationToken).ConfigureAwait(false);
                if (stream is not null)
                {
                    return stream;
                }
            }
        }

        throw failure as SocketException ?? new SocketException((int)SocketError.HostNotFound);
    }

    private async Task<IPAddress[]> ControlAddressesAsync(IPAddress[] addresses, CancellationToken cancellationToken)
    {
        var client = new PacketBridge.PacketBridgeClient(new Discovery.MdnsQuerier(_mdns ?? new Discovery.DiscoveryOptions()).BridgeOptions);
        var found = new List<IPAddress>();
        foreach (var address in addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork))
        {
            try
            {
                var reply = await client.QueryAsync(address, cancellationToken).ConfigureAwait(false);
                if (!addresses.Contains(reply.ControlAddress))
                {
                    found.Add(reply.ControlAddress);
                }
            }
            catch (Exception ex) when (ex is DeviceTimeoutException or DeviceConnectionException)
            {
                // No packet bridge there: not a Dante interface, or not answering.
            }
        }

        return [.. found];
    }

    private static async Task<(Stream? Stream, Exception? Failure)> TryConnectAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            try
            {
#if NETSTANDARD2_0
                // Closing the socket is the only way to abort a pending connect on .NET Framework.
                using (cancellationToken.Register(static s => ((Socket)s!).Dispose(), socket))
                {
                    await Task.Factory.FromAsync(socket.BeginConnect, socket.EndConnect, new IPEndPoint(address, port), null).ConfigureAwait(false);
                }
#else
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
#endif
                return (new NetworkStream(socket, ownsSocket: true), null);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                socket.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        return (null, last);
    }
}
