using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Benchmarks;

/// <summary>
/// The floor for fleet metering: the simplest correct reader an expert writes without the library. One socket and one
/// receive loop per device: connect, <c>SET METER_RATE</c>, read, frame on <c>&gt;</c>, and for each SAMPLE line sum
/// its four values. No state, no events, no timeouts, no reconnects.
/// </summary>
internal sealed class RawFleetReader : IAsyncDisposable
{
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _loops = [];
    private long _readings;
    private long _sum;

    public long Readings => Interlocked.Read(ref _readings);

    /// <summary>The sum of every value read, so no read can be optimised away.</summary>
    public long Sum => Interlocked.Read(ref _sum);

    public static async Task<RawFleetReader> StartAsync(IReadOnlyList<IPEndPoint> endpoints, int meterRateMs)
    {
        var reader = new RawFleetReader();
        var command = Encoding.ASCII.GetBytes($"< SET METER_RATE {meterRateMs:00000} >");
        using var gate = new SemaphoreSlim(200);
        var sockets = await Task.WhenAll(endpoints.Select(async endpoint =>
        {
            await gate.WaitAsync();
            try
            {
                var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(endpoint);
                await socket.SendAsync(command, SocketFlags.None);
                return socket;
            }
            finally
            {
                gate.Release();
            }
        }));
        foreach (var socket in sockets)
        {
            reader._sockets.Add(socket);
            reader._loops.Add(reader.ReadLoopAsync(socket));
        }

        return reader;
    }

    private async Task ReadLoopAsync(Socket socket)
    {
        var buffer = new byte[4096];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var start = 0;
                int end;
                while ((end = Array.IndexOf(buffer, (byte)'>', start, filled - start)) >= 0)
                {
                    ReadFrame(buffer.AsSpan(start, end - start + 1));
                    start = end + 1;
                }

                // Keep a partial frame; a frame that fills the buffer is not one this reader expects, so it is dropped.
                filled -= start;
                Buffer.BlockCopy(buffer, start, buffer, 0, filled);
                if (filled == buffer.Length)
                {
                    filled = 0;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closed.
        }
    }

    // "< SAMPLE 030 031 032 033 >": four decimal fields after the keyword.
    private void ReadFrame(ReadOnlySpan<byte> frame)
    {
        var at = frame.IndexOf("< SAMPLE "u8);
        if (at < 0)
        {
            return;
        }

        var sum = 0;
        var value = -1;
        foreach (var b in frame[(at + 9)..])
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                value = (value < 0 ? 0 : value * 10) + (b - '0');
            }
            else if (value >= 0)
            {
                sum += value;
                value = -1;
            }
        }

        Interlocked.Increment(ref _readings);
        Interlocked.Add(ref _sum, sum);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_loops);
    }
}
