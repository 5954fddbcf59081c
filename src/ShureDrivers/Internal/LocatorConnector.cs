using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Discovery;

namespace ShureDrivers.Internal;

/// <summary>
/// Finds a device by its MAC (discovery) or its Dante interface (the packet bridge) at every connect, then opens TCP
/// to the control address found; a device that cannot be found fails the attempt, which the session retries.
/// </summary>
internal sealed class LocatorConnector(DeviceLocator locator, DiscoveryOptions discovery) : DeviceConnector
{
    public override async Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var control = await DeviceLocatorResolver.ResolveAsync(locator, endpoint.Port, discovery, null, ct => ShureDeviceDiscovery.DiscoverAsync(discovery, ct), cancellationToken).ConfigureAwait(false);
        return await new TcpDeviceConnector(discovery).ConnectAsync(control, cancellationToken).ConfigureAwait(false);
    }
}
