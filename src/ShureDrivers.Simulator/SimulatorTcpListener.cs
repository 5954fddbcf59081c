using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Internal;

namespace ShureDrivers.Simulator;

/// <summary>
/// A thin TCP front for a simulated device: accepts connections on an endpoint (127.0.0.1 and a free port by
/// default) and serves each with <see cref="Ani4OutSimulator.RunSessionAsync"/>. While the device reboots the
/// listening socket is closed, so connections are refused as by a device that is down; refusal faults and the
/// session cap reset accepted connections at once.
/// </summary>
public sealed class SimulatorTcpListener : IAsyncDisposable, IDisposable
{
    private readonly Ani4OutSimulator _simulator;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Socket? _socket;
    private Task _acceptLoop = Task.CompletedTask;
    private bool _disposed;

    private SimulatorTcpListener(Ani4OutSimulator simulator, IPEndPoint endpoint)
    {
        _simulator = simulator;
        LocalEndPoint = endpoint;
    }

    /// <summary>The address and port being served (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; private set; }

    /// <summary>Starts serving <paramref name="simulator"/> on <paramref name="endpoint"/> (default 127.0.0.1, any free port).</summary>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    public static SimulatorTcpListener Start(Ani4OutSimulator simulator, IPEndPoint? endpoint = null)
    {
        Guard.NotNull(simulator, nameof(simulator));
        var listener = new SimulatorTcpListener(simulator, endpoint ?? new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        simulator.BootStateChanged += listener.OnBootStateChanged;
        return listener;
    }

    /// <summary>Stops listening and closes the sessions it started.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _simulator.BootStateChanged -= OnBootStateChanged;
            _stop.Cancel();
            _socket?.Dispose();
            _socket = null;
        }

        await _acceptLoop.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void OnBootStateChanged(object? sender, bool booting)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (booting)
            {
                _socket?.Dispose();
                _socket = null;
            }
            else
            {
                Listen();
            }
        }
    }

    private void Listen()
    {
        var socket = new Socket(LocalEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Rebinding the same port after a simulated reboot must not wait for TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(LocalEndPoint);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _socket = socket;
        var previous = _acceptLoop;
        _acceptLoop = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            await AcceptLoopAsync(socket).ConfigureAwait(false);
        });
    }

    private async Task AcceptLoopAsync(Socket listening)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await Task.Factory.FromAsync(listening.BeginAccept, listening.EndAccept, null).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // The listening socket was closed (reboot or dispose).
            }

            if (_simulator.RefusalReason() is not null)
            {
                if (_simulator.Options.SessionRefusal == SessionRefusal.Reset)
                {
                    // Reset rather than close gracefully: the client sees the refusal at once.
                    client.LingerState = new LingerOption(true, 0);
                }
                else
                {
                    client.Shutdown(SocketShutdown.Both);
                }

                client.Dispose();
                continue;
            }

            client.NoDelay = true;
            _ = _simulator.ServeAsync(new NetworkStream(client, ownsSocket: true), client.RemoteEndPoint?.ToString() ?? "tcp", _stop.Token);
        }
    }
}
