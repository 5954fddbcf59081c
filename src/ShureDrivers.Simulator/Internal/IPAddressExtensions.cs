using System.Net;
using System.Net.Sockets;

namespace ShureDrivers.Simulator.Internal;

internal static class IPAddressExtensions
{
    public static bool IsMulticast(this IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? address.IsIPv6Multicast : (address.GetAddressBytes()[0] & 0xF0) == 0xE0;

    /// <summary>The address without its IPv6 scope, for comparing.</summary>
    public static IPAddress WithoutScope(this IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;
}
