using System;
using System.Collections.Generic;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace ShureDrivers.Networking;

/// <summary>Real UDP over the machine's interfaces: the default transport of discovery, the packet bridge and the simulator.</summary>
public sealed class UdpDatagramTransport : DatagramTransport
{
    private UdpDatagramTransport()
    {
    }

    private readonly object _gate = new();
    private EventHandler? _interfacesChanged;

    /// <summary>The one instance.</summary>
    public static UdpDatagramTransport Instance { get; } = new();

    /// <summary>Raised on the operating system's network-address change notifications.</summary>
    public override event EventHandler? InterfacesChanged
    {
        add
        {
            lock (_gate)
            {
                if (_interfacesChanged is null && !TryListen(true))
                {
                    return; // no notifications here: users re-read periodically
                }

                _interfacesChanged += value;
            }
        }

        remove
        {
            lock (_gate)
            {
                _interfacesChanged -= value;
                if (_interfacesChanged is null)
                {
                    TryListen(false);
                }
            }
        }
    }

    /// <inheritdoc />
    public override IReadOnlyList<NetworkInterfaceAddress> GetInterfaces()
    {
        var all = new List<NetworkInterfaceAddress>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            var isLoopback = nic.NetworkInterfaceType == NetworkInterfaceType.Loopback;

            // Linux reports loopback's state as Unknown.
            if (nic.OperationalStatus != OperationalStatus.Up && !isLoopback)
            {
                continue;
            }

            var properties = nic.GetIPProperties();
            foreach (var unicast in properties.UnicastAddresses)
            {
                var address = unicast.Address;
                if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
                {
                    continue;
                }

                var index = IndexOf(properties, address.AddressFamily);
                all.Add(new NetworkInterfaceAddress(nic.Name, index, address, PrefixLengthOf(unicast), isLoopback, nic.SupportsMulticast));
            }
        }

        return all;
    }

    /// <inheritdoc />
    public override DatagramSocket Bind(IPEndPoint localEndPoint, DatagramSocketOptions? options = null)
    {
        if (localEndPoint is null)
        {
            throw new ArgumentNullException(nameof(localEndPoint));
        }

        return new UdpDatagramSocket(localEndPoint, options ?? new DatagramSocketOptions());
    }

    private bool TryListen(bool on)
    {
        try
        {
            if (on)
            {
                NetworkChange.NetworkAddressChanged += OnAddressChanged;
            }
            else
            {
                NetworkChange.NetworkAddressChanged -= OnAddressChanged;
            }

            return true;
        }
        catch (Exception ex) when (ex is NetworkInformationException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    private void OnAddressChanged(object? sender, EventArgs e) => _interfacesChanged?.Invoke(this, EventArgs.Empty);

    private static int IndexOf(IPInterfaceProperties properties, AddressFamily family)
    {
        try
        {
            return family == AddressFamily.InterNetwork ? properties.GetIPv4Properties()?.Index ?? 0 : properties.GetIPv6Properties()?.Index ?? 0;
        }
        catch (NetworkInformationException)
        {
            return 0;
        }
    }

    private static int PrefixLengthOf(UnicastIPAddressInformation unicast)
    {
#if NETSTANDARD2_0
        if (unicast.Address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return 64;
        }

        var mask = unicast.IPv4Mask?.GetAddressBytes() ?? [255, 255, 255, 255];
        var bits = 0;
        foreach (var b in mask)
        {
            for (var v = b; (v & 0x80) != 0; v = (byte)(v << 1))
            {
                bits++;
            }
        }

        return bits;
#else
        return unicast.PrefixLength;
#endif
    }
}
