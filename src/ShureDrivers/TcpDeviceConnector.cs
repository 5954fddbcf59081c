using System;
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
        IPAddress[] addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : endpoint.Host.TrimEnd('.').EndsWith(".local", StringComparison.OrdinalIgnoreCase)
                && await Discovery.ShureDeviceDiscovery.ResolveAsync(endpoint.Host, _mdns, cancellationToken).ConfigureAwait(false) is { Count: > 0 } viaMdns
            ? [.. viaMdns]
#if NETSTANDARD2_0
            : await Dns.GetHostAddressesAsync(endpoint.Host).ConfigureAwait(false);
#else
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
#endif
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
                    await Task.Factory.FromAsync(socket.BeginConnect, socket.EndConnect, new IPEndPoint(address, endpoint.Port), null).ConfigureAwait(false);
                }
#else
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken).ConfigureAwait(false);
#endif
                return new NetworkStream(socket, ownsSocket: true);
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

        throw last as SocketException ?? new SocketException((int)SocketError.HostNotFound);
    }
}
