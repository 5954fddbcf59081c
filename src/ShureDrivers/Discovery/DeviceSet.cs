using System;
using System.Collections.Generic;
using System.Linq;

namespace ShureDrivers.Discovery;

/// <summary>The devices a browser has reported, and what changed when a new set is read from its cache.</summary>
internal sealed class DeviceSet
{
    private Dictionary<string, DiscoveredDevice> _known = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Makes <paramref name="devices"/> the set; returns an event per device that appeared, changed or went.</summary>
    public List<DeviceEvent> Update(IEnumerable<DiscoveredDevice> devices)
    {
        var current = new Dictionary<string, DiscoveredDevice>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in devices)
        {
            current[d.HostName] = d;
        }

        var events = new List<DeviceEvent>();
        foreach (var d in current.Values)
        {
            if (!_known.TryGetValue(d.HostName, out var before))
            {
                events.Add(new DeviceEvent(DeviceEventKind.Appeared, d));
            }
            else if (!Same(before, d))
            {
                events.Add(new DeviceEvent(DeviceEventKind.Updated, d));
            }
        }

        events.AddRange(_known.Values.Where(k => !current.ContainsKey(k.HostName)).Select(gone => new DeviceEvent(DeviceEventKind.Gone, gone)));
        _known = current;
        return events;
    }

    private static bool Same(DiscoveredDevice a, DiscoveredDevice b) =>
        a.Model == b.Model && a.Port == b.Port && a.MacAddress == b.MacAddress && a.Addresses.SequenceEqual(b.Addresses) && a.Services.SequenceEqual(b.Services);
}
