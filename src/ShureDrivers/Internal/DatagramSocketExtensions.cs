using System;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Networking;

namespace ShureDrivers.Internal;

internal static class DatagramSocketExtensions
{
    /// <summary>
    /// The next datagram, or null once <paramref name="until"/> is cancelled. Checked before every receive, so a
    /// steady stream of datagrams cannot hold a caller past its deadline.
    /// </summary>
    public static async ValueTask<ReceivedDatagram?> TryReceiveAsync(this DatagramSocket socket, CancellationToken until)
    {
        if (until.IsCancellationRequested)
        {
            return null;
        }

        try
        {
            return await socket.ReceiveAsync(until).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (until.IsCancellationRequested)
        {
            return null;
        }
    }
}
