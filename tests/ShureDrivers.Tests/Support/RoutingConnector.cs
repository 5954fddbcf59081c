using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Simulator;

namespace ShureDrivers.Tests.Support;

/// <summary>Reaches simulators by host name, in memory; unknown hosts are refused.</summary>
public sealed class RoutingConnector(IReadOnlyDictionary<string, Ani4OutSimulator> sims) : DeviceConnector
{
    public override Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken) =>
        sims.TryGetValue(endpoint.Host, out var sim)
            ? Task.FromResult(sim.ConnectInMemory())
            : Task.FromException<Stream>(new SocketException((int)SocketError.ConnectionRefused));
}
