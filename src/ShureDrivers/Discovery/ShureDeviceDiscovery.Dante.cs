using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using ShureDrivers.Internal;
using ShureDrivers.PacketBridge;

namespace ShureDrivers.Discovery;

// Dante-only entries: the Dante address is turned into the control address by the packet bridge (Shure: command
// strings go to the control address; the packet bridge on UDP 2203 of the Dante address names it).
public static partial class ShureDeviceDiscovery
{
    /// <summary>
    /// Asks the packet bridge of a device found only through its Dante interface
    /// (<see cref="DiscoveredDevice.IsDanteOnly"/>) for its control address, and returns the entry with that
    /// address in <see cref="DiscoveredDevice.Addresses"/> (and the control MAC, when the entry had none). Any other
    /// entry is returned as it is. <see cref="DiscoverAsync"/> does this itself unless
    /// <see cref="DiscoveryOptions.ResolveDanteAddresses"/> is off; browsing does not.
    /// </summary>
    /// <exception cref="DeviceTimeoutException">The packet bridge did not answer.</exception>
    /// <exception cref="DeviceConnectionException">The query could not be sent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<DiscoveredDevice> ResolveControlAddressAsync(DiscoveredDevice device, DiscoveryOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(device, nameof(device));
        if (!device.IsDanteOnly || device.Addresses.Count > 0)
        {
            return device;
        }

        var querier = new MdnsQuerier(options ?? new DiscoveryOptions());
        var dante = device.DanteAddresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new DeviceConnectionException($"{device.HostName} has no IPv4 Dante address; the packet bridge answers on IPv4 only.", device.HostName);
        var reply = await new PacketBridgeClient(querier.BridgeOptions).QueryAsync(dante, cancellationToken).ConfigureAwait(false);
        return device.WithControl([reply.ControlAddress], reply.MacAddressText);
    }

    // Resolves every Dante-only entry at once; one that a control entry already lists is folded into it.
    private static async Task<List<DiscoveredDevice>> ResolveDanteEntriesAsync(List<DiscoveredDevice> devices, MdnsQuerier querier, CancellationToken cancellationToken)
    {
        if (!querier.Options.ResolveDanteAddresses || !devices.Any(d => d.IsDanteOnly))
        {
            return devices;
        }

        var resolved = await Task.WhenAll(devices.Select(async d =>
        {
            try
            {
                return await ResolveControlAddressAsync(d, querier.Options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DeviceTimeoutException or DeviceConnectionException)
            {
                Log.DanteUnresolved(querier.Logger, d.HostName, ex.Message);
                return d;
            }
        })).ConfigureAwait(false);

        var result = resolved.Where(d => !d.IsDanteOnly).ToList();
        foreach (var dante in resolved.Where(d => d.IsDanteOnly))
        {
            var index = result.FindIndex(c => c.Addresses.Any(a => dante.Addresses.Contains(a))
                || (c.MacAddress is not null && string.Equals(c.MacAddress, dante.MacAddress, StringComparison.OrdinalIgnoreCase)));
            if (index >= 0)
            {
                result[index] = result[index].WithDante(dante);
            }
            else
            {
                result.Add(dante);
            }
        }

        return result;
    }
}
