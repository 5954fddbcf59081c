using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Discovery;
using ShureDrivers.PacketBridge;

namespace ShureDrivers.Internal;

/// <summary>
/// The one resolver behind <see cref="DeviceLocator"/>: room files (once per apply, sharing one discovery scan) and
/// hosting (at every connect, through <see cref="LocatorConnector"/>) find devices the same way.
/// </summary>
internal static class DeviceLocatorResolver
{
    public static async Task<DnsEndPoint> ResolveAsync(
        DeviceLocator locator,
        int port,
        DiscoveryOptions discovery,
        PacketBridgeOptions? bridge,
        Func<CancellationToken, Task<IReadOnlyList<DiscoveredDevice>>> scan,
        CancellationToken cancellationToken)
    {
        switch (locator.Kind)
        {
            case DeviceLocatorKind.Host:
                return DefaultPortEndPoint.For(locator.Value, port);

            case DeviceLocatorKind.Mdns:
                var name = DeviceLocator.WithLocal(locator.Value);
                var label = name.Remove(name.Length - ".local".Length);

                // Discovery knows instance names too, and the control port (the _shure._tcp SRV record).
                if ((await scan(cancellationToken).ConfigureAwait(false)).FirstOrDefault(d =>
                        string.Equals(d.HostName, name, StringComparison.OrdinalIgnoreCase) || string.Equals(d.Name, label, StringComparison.OrdinalIgnoreCase)) is { } seen)
                {
                    return ControlEndpoint(seen, locator);
                }

                var resolved = await ShureDeviceDiscovery.ResolveWithPortAsync(name, discovery, cancellationToken).ConfigureAwait(false);
                return resolved.Addresses.Count > 0
                    ? Endpoint(resolved.Addresses[0], resolved.AdvertisedPort ?? port)
                    : throw new DeviceConnectionException($"{name} did not answer an mDNS query.", locator.ToString());

            case DeviceLocatorKind.Mac:
                var wanted = new string([.. locator.Value.Where(c => c != ':')]);
                var found = (await scan(cancellationToken).ConfigureAwait(false)).FirstOrDefault(d =>
                    string.Equals(d.MacAddress, locator.Value, StringComparison.OrdinalIgnoreCase)
                    || (d.MacSuffix is { } suffix && wanted.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)));
                return found is not null
                    ? ControlEndpoint(found, locator)
                    : throw new DeviceConnectionException($"No device with MAC {locator.Value} answered discovery.", locator.ToString());

            default:
                var dante = IPAddress.TryParse(locator.Value, out var literal) ? literal
                    : (await ShureDeviceDiscovery.ResolveAsync(DeviceLocator.WithLocal(locator.Value), discovery, cancellationToken).ConfigureAwait(false))
                        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                      ?? throw new DeviceConnectionException($"The Dante device {locator.Value} did not answer an mDNS query.", locator.ToString());
                var reply = await new PacketBridgeClient(bridge ?? new MdnsQuerier(discovery).BridgeOptions).QueryAsync(dante, cancellationToken).ConfigureAwait(false);
                return Endpoint(reply.ControlAddress, port);
        }
    }

    // A Dante-only entry carries the control address its packet bridge named, or none: never the Dante address.
    private static DnsEndPoint ControlEndpoint(DiscoveredDevice device, DeviceLocator locator) =>
        device.Addresses.Count > 0
            ? Endpoint(device.Addresses[0], device.Port)
            : throw new DeviceConnectionException(
                device.IsDanteOnly
                    ? $"{device.HostName} was found only through its Dante interface ({string.Join(", ", device.DanteAddresses)}), and its packet bridge did not name a control address."
                    : $"{device.HostName} answered discovery without an address.",
                locator.ToString());

    private static DnsEndPoint Endpoint(IPAddress address, int port) => new(address.ToString(), port);
}
