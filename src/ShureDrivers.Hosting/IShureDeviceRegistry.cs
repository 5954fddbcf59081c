using System;
using System.Collections.Generic;
using System.Linq;
using System.Diagnostics.CodeAnalysis;

namespace ShureDrivers.Hosting;

/// <summary>
/// The configured devices, each connected in the background from the moment the host starts and disposed when it
/// stops. A device that is down reads null values and fails commands fast until it connects.
/// </summary>
public interface IShureDeviceRegistry
{
    /// <summary>Every ANI4OUT by its configured name (<see cref="AllDevices"/> has every model).</summary>
    IReadOnlyDictionary<string, Ani4OutDevice> Devices { get; }

    /// <summary>Every device, of either model, by its configured name.</summary>
    IReadOnlyDictionary<string, ShureDevice> AllDevices => Devices.ToDictionary(p => p.Key, p => (ShureDevice)p.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>The ANI4OUT configured as <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No device has that name.</exception>
    /// <exception cref="InvalidOperationException">The host has not started the registry yet, or the device is another model (use <see cref="GetShureDevice"/>).</exception>
    Ani4OutDevice GetDevice(string name);

    /// <summary>The device configured as <paramref name="name"/>, of whichever model it is configured as (<see cref="ShureDeviceOptions.Model"/>).</summary>
    /// <exception cref="KeyNotFoundException">No device has that name.</exception>
    /// <exception cref="InvalidOperationException">The host has not started the registry yet.</exception>
    ShureDevice GetShureDevice(string name) => GetDevice(name);

    /// <summary>The device configured as <paramref name="name"/>, if there is one and the registry has started.</summary>
    bool TryGetDevice(string name, [NotNullWhen(true)] out Ani4OutDevice? device);

    /// <summary>
    /// Since when the device has not been connected with fresh values (since the registry started, if it never
    /// was); null while it is connected and fresh.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No device has that name.</exception>
    DateTimeOffset? DownSince(string name);
}
