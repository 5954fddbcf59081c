using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Discovery;
using ShureDrivers.PacketBridge;

namespace ShureDrivers.Hosting.Internal;

/// <summary>
/// Finds a device by its MAC (discovery) or its Dante address (the packet bridge) at every connect, then opens TCP to
/// the control address found; a device that cannot be found fails the attempt, which the session retries.
/// </summary>
internal sealed class LocatorConnector : DeviceConnector
{
    private readonly Func<int, CancellationToken, Task<IPEndPoint>> _find;

    private LocatorConnector(Func<int, CancellationToken, Task<IPEndPoint>> find) => _find = find;

    public static LocatorConnector ByMac(string mac, DiscoveryOptions discovery) => new(async (port, ct) =>
    {
        var wanted = mac.Replace(":", string.Empty, StringComparison.Ordinal);
        var found = (await ShureDeviceDiscovery.DiscoverAsync(discovery, ct).ConfigureAwait(false)).FirstOrDefault(d =>
            string.Equals(d.MacAddress, mac, StringComparison.OrdinalIgnoreCase)
            || (d.MacSuffix is { } suffix && wanted.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)));
        return found is { Addresses.Count: > 0 }
            ? new IPEndPoint(found.Addresses[0], found.Port)
            : throw new SocketException((int)SocketError.HostNotFound);
    });

    // The Dante interface by its IPv4 address, or by its Dante device name (its mDNS host, <c>NAME.local</c>).
    public static LocatorConnector ByDante(string dante, DiscoveryOptions discovery) => new(async (port, ct) =>
    {
        try
        {
            var address = IPAddress.TryParse(dante, out var literal) ? literal
                : (await ShureDeviceDiscovery.ResolveAsync(dante.EndsWith(".local", StringComparison.OrdinalIgnoreCase) ? dante : dante + ".local", discovery, ct).ConfigureAwait(false))
                    .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? throw new SocketException((int)SocketError.HostNotFound);
            var bridge = new PacketBridgeClient(new PacketBridgeOptions { LoggerFactory = discovery.LoggerFactory, ResendInterval = TimeSpan.FromMilliseconds(500), Attempts = 2 });
            var reply = await bridge.QueryAsync(address, ct).ConfigureAwait(false);
            return new IPEndPoint(reply.ControlAddress, port);
        }
        catch (DeviceTimeoutException ex)
        {
            throw new SocketException((int)SocketError.HostNotFound, ex.Message);
        }
    });

    public override async Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var control = await _find(endpoint.Port, cancellationToken).ConfigureAwait(false);
        return await TcpDeviceConnector.Instance.ConnectAsync(new DnsEndPoint(control.Address.ToString(), control.Port), cancellationToken).ConfigureAwait(false);
    }
}
