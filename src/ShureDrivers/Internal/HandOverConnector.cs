using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Internal;

/// <summary>
/// Gives a device object the connection <see cref="ShureDevices"/> opened to read MODEL, on its first connect, so
/// telling the model costs no second session (a device with one session would refuse it); later connects (reconnects)
/// go to the caller's connector.
/// </summary>
internal sealed class HandOverConnector(Stream first, DeviceConnector inner) : DeviceConnector
{
    private Stream? _first = first;

    public override Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _first, null) is { } stream ? Task.FromResult(stream) : inner.ConnectAsync(endpoint, cancellationToken);

    /// <summary>Closes the connection if no device took it (the device object could not be created).</summary>
    public void DisposeUnused() => Interlocked.Exchange(ref _first, null)?.Dispose();
}
