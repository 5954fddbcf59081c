using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace ShureDrivers.Benchmarks;

/// <summary>The floor for a button press: a raw socket that writes a SET and reads up to its REP's '&gt;'.</summary>
internal sealed class RawPinger : IDisposable
{
    private static readonly byte[][] Commands = [Encoding.ASCII.GetBytes("< SET 2 AUDIO_GAIN_HI_RES 1040 >"), Encoding.ASCII.GetBytes("< SET 2 AUDIO_GAIN_HI_RES 1030 >")];
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[1024];

    private RawPinger(Socket socket) => _socket = socket;

    public static async Task<RawPinger> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint);
        return new RawPinger(socket);
    }

    /// <summary>Sequential round trips, alternating two gains; microseconds each, sorted.</summary>
    public async Task<double[]> TimeAsync(int calls)
    {
        var times = new double[calls];
        for (var i = -20; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await _socket.SendAsync(Commands[(i + 20) % 2], SocketFlags.None);
            while (true)
            {
                var read = await _socket.ReceiveAsync(_buffer, SocketFlags.None);
                if (read == 0 || Array.IndexOf(_buffer, (byte)'>', 0, read) >= 0)
                {
                    break;
                }
            }

            if (i >= 0)
            {
                times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        Array.Sort(times);
        return times;
    }

    public void Dispose() => _socket.Dispose();
}
