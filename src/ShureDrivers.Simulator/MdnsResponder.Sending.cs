using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

// Sending: multicast and unicast on the right link, and the hashes that let the receive loop skip our own packets.
public sealed partial class MdnsResponder
{
    // Probes, announcements and goodbyes go to the group on every link.
    private async Task MulticastAsync(byte[] packet)
    {
        foreach (var link in _links)
        {
            await SendAsync(packet, link, link.Group).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(byte[] packet, MdnsLink link, IPEndPoint to)
    {
        lock (_sentHashes)
        {
            _sentHashes.Enqueue(Hash(packet));
            while (_sentHashes.Count > 256)
            {
                _sentHashes.Dequeue();
            }
        }

        try
        {
            await link.Socket.SendAsync(packet, to).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Nothing to do: mDNS is best effort.
        }
    }

    private bool IsOwn(ReadOnlySpan<byte> packet)
    {
        var hash = Hash(packet);
        lock (_sentHashes)
        {
            return _sentHashes.Contains(hash);
        }
    }

    private static long Hash(ReadOnlySpan<byte> packet)
    {
        // FNV-1a over the bytes; enough to recognise our own packets coming back on loopback.
        var hash = unchecked((long)14695981039346656037UL);
        foreach (var b in packet)
        {
            hash = unchecked((hash ^ b) * 1099511628211L);
        }

        return hash ^ packet.Length;
    }
}
