using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace ShureDrivers.Internal;

/// <summary>
/// Receives datagrams on a UDP socket until a deadline task completes. One receive stays pending across calls, so a
/// datagram that arrives between two waits (say, while a query is resent) is not lost.
/// </summary>
internal sealed class DatagramReceiver(Socket socket, int bufferSize) : IDisposable
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private Task<SocketReceiveFromResult>? _pending;

    /// <summary>The bytes of the datagram the last <see cref="ReceiveAsync"/> returned.</summary>
    public ReadOnlySpan<byte> Received(int length) => _buffer.AsSpan(0, length);

    /// <summary>
    /// The next datagram's length and sender, or null once <paramref name="until"/> completes first. Socket errors
    /// (an ICMP port unreachable from an earlier send, and the like) are skipped.
    /// </summary>
    public async Task<(int Length, IPEndPoint From)?> ReceiveAsync(Task until)
    {
        // Checked before every receive: a steady stream of datagrams must not keep us past the deadline.
        while (!until.IsCompleted)
        {
            _pending ??= socket.ReceiveFromAsync(new ArraySegment<byte>(_buffer), SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
            var pending = _pending;
            if (await Task.WhenAny(pending, until).ConfigureAwait(false) != pending)
            {
                return null;
            }

            _pending = null;
            try
            {
                var result = await pending.ConfigureAwait(false);
                return (result.ReceivedBytes, (IPEndPoint)result.RemoteEndPoint);
            }
            catch (SocketException)
            {
            }
        }

        return null;
    }

    /// <summary>Closes the socket and observes the receive it ends.</summary>
    public void Dispose()
    {
        socket.Dispose();
        _pending.Forget();
    }
}
