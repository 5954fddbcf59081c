using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// Connects as a session would (the options' connector and connect timeout), sends <c>GET MODEL</c>, and reads until
/// <c>REP MODEL</c> (at most one command timeout, and 64 KiB): the model, and the open connection with everything read
/// from it put back in front, for the device object to continue on.
/// </summary>
internal static class ModelProbe
{
    private const int MaxBytes = 64 * 1024;

    private static readonly CommandString Request = CommandString.Get(ShureParameters.Model);

    public static async Task<(string Model, Stream Stream)> ReadAsync(DnsEndPoint endpoint, DeviceSessionOptions options, CancellationToken cancellationToken)
    {
        var name = endpoint.Host.AsSpan().IndexOf(':') >= 0 ? $"[{endpoint.Host}]:{endpoint.Port}" : $"{endpoint.Host}:{endpoint.Port}";
        var stream = await ConnectAsync(endpoint, name, options, cancellationToken).ConfigureAwait(false);
        try
        {
            var (model, received) = await ReadModelAsync(stream, name, options, cancellationToken).ConfigureAwait(false);
            return (model, new PrefixedStream(stream, received));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static async Task<Stream> ConnectAsync(DnsEndPoint endpoint, string name, DeviceSessionOptions options, CancellationToken cancellationToken)
    {
        using var timeout = options.TimeProvider.CreateTimeoutSource(options.ConnectTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await options.Connector.ConnectAsync(endpoint, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (timeout.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            throw DeviceErrors.ConnectTimedOut(name, options.ConnectTimeout, ex);
        }
        catch (Exception ex) when (DeviceErrors.IsLinkFailureOrClose(ex))
        {
            throw DeviceErrors.ConnectFailed(name, ex);
        }
    }

    private static async Task<(string Model, byte[] Received)> ReadModelAsync(Stream stream, string name, DeviceSessionOptions options, CancellationToken cancellationToken)
    {
        var request = CommandStringFormatter.Ani4Out.FormatBytes(Request);
        // Grown as needed up to MaxBytes: a MODEL reply fits the first 1 KiB (a fleet connects thousands at once).
        var received = new byte[1024];
        var length = 0;
        var framer = new CommandStringFramer();
        using var timeout = options.TimeProvider.CreateTimeoutSource(options.CommandTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await stream.WriteAllAsync(request, linked.Token).ConfigureAwait(false);
            await stream.FlushAsync(linked.Token).ConfigureAwait(false);
            while (length < MaxBytes)
            {
                if (length == received.Length)
                {
                    Array.Resize(ref received, Math.Min(MaxBytes, received.Length * 2));
                }

                var read = await stream.ReadSomeAsync(received, length, received.Length - length, linked.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new DeviceConnectionException($"{name} closed the connection before it said what it is (GET MODEL).", name);
                }

                length += read;
                var buffer = new ReadOnlySequence<byte>(received, 0, length);
                while (framer.TryReadFrame(ref buffer, out var frame))
                {
                    if (!CommandStringParser.Ani4Out.TryParse(frame, out var reply))
                    {
                        continue; // another model's report, or junk: the device object will see it again
                    }

                    if (reply.Kind == CommandKind.Report && reply.Name == ShureParameters.Model && reply.Value.Text is { } model)
                    {
                        return (model.Trim(), received.AsSpan(0, length).ToArray());
                    }

                    if (reply.Kind == CommandKind.Error)
                    {
                        throw new DeviceProtocolException($"{name} answered GET MODEL with REP ERR: it does not say what it is.", name);
                    }
                }
            }

            throw new DeviceProtocolException($"{name} sent {MaxBytes} bytes without answering GET MODEL.", name);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // As a device object's resync says it (DeviceSynchronizer): silence is not a slow device.
            throw length == 0
                ? new DeviceTimeoutException($"{name} accepts connections but answers no command strings: no frame arrived in {options.CommandTimeout.TotalSeconds:0.#} s to GET MODEL. Is it a Shure device on its control port?", options.CommandTimeout, name, ex)
                : DeviceErrors.NoReply(name, Request, options.CommandTimeout, options.CommandTimeout, ex);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            throw DeviceErrors.ConnectFailed(name, ex);
        }
    }
}
