using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Tests.Support;

/// <summary>A device that is powered off until <see cref="Up"/>: connects are refused, then go to <c>inner</c>.</summary>
public sealed class SwitchableConnector(DeviceConnector? inner) : DeviceConnector
{
    private int _attempts;
    private volatile bool _up;

    /// <summary>Whether the device is on.</summary>
    public bool Up
    {
        get => _up;
        set => _up = value;
    }

    /// <summary>Connect attempts so far, refused or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public override Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        return Up && inner is not null ? inner.ConnectAsync(endpoint, cancellationToken) : Task.FromException<Stream>(new SocketException((int)SocketError.ConnectionRefused));
    }
}
