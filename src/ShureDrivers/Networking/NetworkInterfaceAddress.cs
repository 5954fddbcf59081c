using System;
using System.Net;
using System.Net.Sockets;

namespace ShureDrivers.Networking;

/// <summary>One address of a network interface, with the range of addresses that are on its link.</summary>
public sealed class NetworkInterfaceAddress
{
    /// <summary>Describes an interface address.</summary>
    /// <param name="name">The interface's name (<c>eth0</c>).</param>
    /// <param name="index">The interface's index (the scope of IPv6 link-local addresses and multicast).</param>
    /// <param name="address">The address.</param>
    /// <param name="prefixLength">The on-link prefix length (24 for 255.255.255.0).</param>
    /// <param name="isLoopback">A loopback interface.</param>
    /// <param name="supportsMulticast">The interface can send and receive multicast.</param>
    /// <exception cref="ArgumentException">The prefix length does not fit the address family.</exception>
    public NetworkInterfaceAddress(string name, int index, IPAddress address, int prefixLength, bool isLoopback, bool supportsMulticast)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Address = address ?? throw new ArgumentNullException(nameof(address));
        var bits = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (prefixLength < 0 || prefixLength > bits)
        {
            throw new ArgumentException($"A prefix length of {prefixLength} does not fit an address of {bits} bits.", nameof(prefixLength));
        }

        Index = index;
        PrefixLength = prefixLength;
        IsLoopback = isLoopback;
        SupportsMulticast = supportsMulticast;
    }

    /// <summary>The interface's name.</summary>
    public string Name { get; }

    /// <summary>The interface's index.</summary>
    public int Index { get; }

    /// <summary>The address.</summary>
    public IPAddress Address { get; }

    /// <summary>The on-link prefix length.</summary>
    public int PrefixLength { get; }

    /// <summary>A loopback interface.</summary>
    public bool IsLoopback { get; }

    /// <summary>The interface can send and receive multicast.</summary>
    public bool SupportsMulticast { get; }

    /// <summary>An IPv4 address.</summary>
    public bool IsIPv4 => Address.AddressFamily == AddressFamily.InterNetwork;

    /// <summary>An IPv6 link-local address (<c>fe80::/10</c>).</summary>
    public bool IsIPv6LinkLocal => Address.IsIPv6LinkLocal;

    /// <summary>
    /// Whether <paramref name="source"/> is on this interface's link (RFC 6762 §11): inside its prefix (all of
    /// 127/8 on loopback), or for IPv6 any link-local address of the same scope.
    /// </summary>
    public bool IsOnLink(IPAddress source)
    {
        if (source is null)
        {
            return false;
        }

        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        if (source.AddressFamily != Address.AddressFamily)
        {
            return false;
        }

        if (source.IsIPv6LinkLocal)
        {
            return source.ScopeId == 0 || source.ScopeId == Index;
        }

        var prefix = IsLoopback && IsIPv4 ? 8 : PrefixLength;
        return SamePrefix(source.GetAddressBytes(), Address.GetAddressBytes(), prefix);
    }

    /// <inheritdoc />
    public override string ToString() => Name + " " + Address + "/" + PrefixLength;

    private static bool SamePrefix(byte[] a, byte[] b, int bits)
    {
        var whole = bits / 8;
        for (var i = 0; i < whole; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        var rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (b[whole] & mask);
    }
}
