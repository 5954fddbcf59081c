using System;
using System.Net;
using System.Net.NetworkInformation;
using ShureDrivers.Internal;

namespace ShureDrivers.PacketBridge;

/// <summary>
/// The packet bridge's answer: the control interface's IPv4 address, subnet mask and MAC. On the wire it is 14
/// bytes: address (4, network order), mask (4, network order), MAC (6).
/// </summary>
public sealed class PacketBridgeReply : IEquatable<PacketBridgeReply>
{
    /// <summary>The UDP port the packet bridge listens on, on the Dante interface.</summary>
    public const int DefaultPort = 2203;

    /// <summary>Length of a reply in bytes.</summary>
    public const int Length = 14;

    /// <summary>Shortest query the device answers.</summary>
    public const int MinQueryLength = 1;

    /// <summary>Longest query the device answers.</summary>
    public const int MaxQueryLength = 140;

    private readonly byte[] _mac;

    /// <summary>Creates a reply.</summary>
    /// <exception cref="ArgumentException">An address that is not IPv4, or a MAC that is not 6 bytes.</exception>
    public PacketBridgeReply(IPAddress controlAddress, IPAddress subnetMask, PhysicalAddress macAddress)
    {
        ControlAddress = RequireIPv4(controlAddress, nameof(controlAddress));
        SubnetMask = RequireIPv4(subnetMask, nameof(subnetMask));
        _mac = Guard.NotNull(macAddress, nameof(macAddress)).GetAddressBytes();
        if (_mac.Length != 6)
        {
            throw new ArgumentException("A MAC address has 6 bytes.", nameof(macAddress));
        }

        MacAddress = new PhysicalAddress(_mac);
    }

    /// <summary>The control interface's address: the one to open TCP 2202 on.</summary>
    public IPAddress ControlAddress { get; }

    /// <summary>The control interface's subnet mask.</summary>
    public IPAddress SubnetMask { get; }

    /// <summary>The control interface's MAC.</summary>
    public PhysicalAddress MacAddress { get; }

    /// <summary>The MAC as the device writes it: <c>00:0E:DD:53:99:E0</c>.</summary>
    public string MacAddressText => string.Join(":", Array.ConvertAll(_mac, b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// Reads a reply from the first 14 bytes of <paramref name="datagram"/> (Shure fixes only those; padding after them
    /// is allowed). False when it is shorter, or cannot describe a control interface: a netmask that is not contiguous
    /// or is 0.0.0.0, an address that is 0.0.0.0, 255.255.255.255, multicast or the broadcast address of its own
    /// subnet, or a MAC that is all zeros or multicast.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out PacketBridgeReply? reply)
    {
        reply = null;
        if (datagram.Length < Length)
        {
            return false;
        }

        var address = ReadUInt32(datagram.Slice(0, 4));
        var mask = ReadUInt32(datagram.Slice(4, 4));
        var mac = datagram.Slice(8, 6);
        var contiguous = mask != 0 && ((~mask + 1) & ~mask) == 0;
        var usableAddress = address != 0 && address != uint.MaxValue && (address >> 28) != 0xE && (mask == uint.MaxValue || (address | mask) != uint.MaxValue);
        var anyMacBit = 0;
        foreach (var b in mac)
        {
            anyMacBit |= b;
        }

        var unicastMac = (mac[0] & 0x01) == 0 && anyMacBit != 0;
        if (!contiguous || !usableAddress || !unicastMac)
        {
            return false;
        }

        reply = new PacketBridgeReply(
            new IPAddress(datagram.Slice(0, 4).ToArray()),
            new IPAddress(datagram.Slice(4, 4).ToArray()),
            new PhysicalAddress(mac.ToArray()));
        return true;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes) => ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];

    /// <summary>The 14 wire bytes.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        ControlAddress.GetAddressBytes().CopyTo(bytes, 0);
        SubnetMask.GetAddressBytes().CopyTo(bytes, 4);
        _mac.CopyTo(bytes, 8);
        return bytes;
    }

    /// <inheritdoc />
    public bool Equals(PacketBridgeReply? other) =>
        other is not null && ControlAddress.Equals(other.ControlAddress) && SubnetMask.Equals(other.SubnetMask) && _mac.AsSpan().SequenceEqual(other._mac);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PacketBridgeReply);

    /// <inheritdoc />
    public override int GetHashCode() => ControlAddress.GetHashCode() ^ (SubnetMask.GetHashCode() * 31) ^ MacAddress.GetHashCode();

    /// <summary><c>192.168.1.20/255.255.255.0 00:0E:DD:53:99:E0</c>.</summary>
    public override string ToString() => $"{ControlAddress}/{SubnetMask} {MacAddressText}";

    private static IPAddress RequireIPv4(IPAddress address, string name)
    {
        Guard.NotNull(address, name);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The packet bridge reports IPv4 addresses only.", name);
        }

        return address;
    }
}
