using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers;

/// <summary>
/// The transport seam: opens a duplex byte stream to a device's command-string port. <see cref="TcpDeviceConnector"/>
/// is the real one; the simulator package ships an in-memory one for tests that need no sockets.
/// </summary>
/// <remarks>Implementations must be safe to call from several threads at once; each call opens a new stream.</remarks>
public abstract class DeviceConnector
{
    /// <summary>Opens a stream to <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">Host name or address, and port.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>A connected duplex stream; disposing it closes the connection.</returns>
    public abstract Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken);
}
