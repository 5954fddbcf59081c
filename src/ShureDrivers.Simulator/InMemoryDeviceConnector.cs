using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Internal;

namespace ShureDrivers.Simulator;

/// <summary>
/// Reaches a simulated device through two in-memory pipes: no sockets, no ports, deterministic. Whatever host and
/// port it is asked for, it connects to its simulator. A refused connection throws
/// <see cref="System.Net.Sockets.SocketException"/>, as TCP would.
/// </summary>
public sealed class InMemoryDeviceConnector : DeviceConnector
{
    private readonly Ani4OutSimulator _simulator;

    /// <summary>Creates a connector to <paramref name="simulator"/>.</summary>
    public InMemoryDeviceConnector(Ani4OutSimulator simulator) => _simulator = Guard.NotNull(simulator, nameof(simulator));

    /// <inheritdoc />
    public override Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_simulator.ConnectInMemory());
    }
}
