using System;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Tests.Support;

/// <summary>A device that answers each frame it receives with whatever <c>answer</c> returns (null: nothing), byte for byte.</summary>
public sealed class AnsweringDevice(Func<string, string?> answer) : DeviceConnector
{
    public override Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var (client, server) = DuplexPipeStream.CreatePair();
        _ = Task.Run(() => ServeAsync(server), CancellationToken.None);
        return Task.FromResult<Stream>(client);
    }

    private async Task ServeAsync(Stream server)
    {
        var framer = new CommandStringFramer();
        var buffer = new byte[4096];
        var pending = Array.Empty<byte>();
        try
        {
            while (true)
            {
                var n = await server.ReadAsync(buffer);
                if (n == 0)
                {
                    return;
                }

                pending = [.. pending, .. buffer[..n]];
                var sequence = new System.Buffers.ReadOnlySequence<byte>(pending);
                while (framer.TryReadFrame(ref sequence, out var frame))
                {
                    if (answer(Sequences.Text(frame)) is { } reply)
                    {
                        await server.WriteAsync(Encoding.ASCII.GetBytes(reply));
                    }
                }

                pending = System.Buffers.BuffersExtensions.ToArray(sequence);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away.
        }
    }
}
