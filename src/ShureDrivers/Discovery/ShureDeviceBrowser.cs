using System.Collections.Generic;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading;

namespace ShureDrivers.Discovery;

/// <summary>
/// Continuous mDNS browsing: listens on port 5353 (shared with Avahi or Bonjour; IPv4 and, where the chosen
/// interfaces have link-local addresses, IPv6), collects announcements and
/// goodbyes, keeps a cache that honours TTLs, and re-queries with growing intervals (1 s, 2 s, 4 s … up to an hour)
/// with known-answer suppression. Yields a <see cref="DeviceEvent"/> whenever the set of Shure devices changes.
/// </summary>
/// <remarks>
/// It follows the network: on the transport's change notifications, and every
/// <see cref="DiscoveryOptions.InterfaceRescanInterval"/>, it re-reads the interfaces. An address that appears is
/// joined and queried on at once (the query interval starts again at 1 s); when an address goes, its membership is
/// left and every record learned only from sources on its link is dropped, so the devices there are reported gone.
/// A named interface without an address yet is waited for.
/// </remarks>
public static class ShureDeviceBrowser
{
    /// <summary>Browses until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="SocketException">Port 5353 cannot be shared or the group cannot be joined on an interface present at start.</exception>
    public static async IAsyncEnumerable<DeviceEvent> BrowseAsync(DiscoveryOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var browser = new MdnsBrowser(options ?? new DiscoveryOptions());
        try
        {
            browser.Start();
            while (await browser.Events.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (browser.Events.TryRead(out var e))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            await browser.DisposeAsync().ConfigureAwait(false);
        }
    }
}
