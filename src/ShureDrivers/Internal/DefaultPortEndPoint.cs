using System.Net;

namespace ShureDrivers.Internal;

/// <summary>
/// An endpoint whose port nobody chose: the host had no <c>:port</c> and the options kept the documented 2202. For a
/// <c>.local</c> name, <see cref="TcpDeviceConnector"/> then uses the port the device advertises (<c>_shure._tcp</c>).
/// </summary>
internal sealed class DefaultPortEndPoint(string host) : DnsEndPoint(host, DocumentedPort)
{
    public const int DocumentedPort = 2202;

    /// <summary>The endpoint for <paramref name="host"/> (<c>host</c> or <c>host:port</c>), marked when its port is the default.</summary>
    public static DnsEndPoint For(string host, int defaultPort)
    {
        var (name, port) = HostAndPort.Parse(host);
        return port is null && defaultPort == DocumentedPort ? new DefaultPortEndPoint(name) : new DnsEndPoint(name, port ?? defaultPort);
    }
}
