using System;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// A device that answers each frame it receives with whatever <c>answer</c> returns, byte for byte: null sends nothing,
/// <see cref="Close"/> (alone or at the end of a reply) closes the connection after the reply. With <c>requireLineEnd</c>, only frames followed by CR LF are read (the
/// rest are ignored), as firmware that waits for a line end would.
/// </summary>
public sealed class AnsweringDevice(Func<string, string?> answer, bool requireLineEnd = false) : DeviceConnector
{
    /// <summary>Returned by <c>answer</c>: close the connection instead of answering.</summary>
    public const string Close = "\0close";

    public override Task<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var (client, server) = DuplexPipeStream.CreatePair();
        _ = Task.Run(() => ServeAsync(server), CancellationToken.None);
        return Task.FromResult<Stream>(client);
    }

    private async Task ServeAsync(Stream server)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                var n = await server.ReadAsync(buffer);
                if (n == 0)
                {
                    return;
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, n));
                while (text.ToString().IndexOf('>', StringComparison.Ordinal) is var end and >= 0)
                {
                    var all = text.ToString();
                    var rest = all[(end + 1)..];
                    if (requireLineEnd && rest.Length < 2)
                    {
                        break; // the line end may still come
                    }

                    var frame = all[..(end + 1)].Trim();
                    var ended = rest.StartsWith("\r\n", StringComparison.Ordinal);
                    text.Remove(0, end + 1 + (ended ? 2 : 0));
                    if (requireLineEnd && !ended)
                    {
                        continue;
                    }

                    var reply = answer(frame);
                    var close = reply?.EndsWith(Close, StringComparison.Ordinal) == true;
                    if (reply is not null && reply.Length > (close ? Close.Length : 0))
                    {
                        await server.WriteAsync(Encoding.ASCII.GetBytes(close ? reply[..^Close.Length] : reply));
                    }

                    if (close)
                    {
                        await server.DisposeAsync();
                        return;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away.
        }
    }
}
