using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Simulator.Internal;

/// <summary>
/// One end of an in-memory connection: reads from one pipe, writes to the other. Disposing ends our writing (the
/// other end reads end of stream) and ends a read in progress with 0 bytes, as closing a socket does. Writing after
/// the other end has gone throws <see cref="IOException"/>.
/// </summary>
internal sealed class DuplexPipeStream : Stream
{
    private readonly object _gate = new();
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly bool _isClient;
    private bool _reading;
    private bool _disposed;

    public DuplexPipeStream(PipeReader reader, PipeWriter writer, InMemoryLink link, bool isClient)
    {
        _reader = reader;
        _writer = writer;
        Link = link;
        _isClient = isClient;
    }

    /// <summary>What both ends of this connection have written and read.</summary>
    public InMemoryLink Link { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public static (DuplexPipeStream Client, DuplexPipeStream Server) CreatePair()
    {
        var toServer = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var toClient = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var link = new InMemoryLink();
        return (new DuplexPipeStream(toClient.Reader, toServer.Writer, link, isClient: true), new DuplexPipeStream(toServer.Reader, toClient.Writer, link, isClient: false));
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadCoreAsync(new Memory<byte>(buffer, offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteCoreAsync(new ReadOnlyMemory<byte>(buffer, offset, count), cancellationToken).AsTask();

#if !NETSTANDARD2_0
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(buffer, cancellationToken);
#endif

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    _writer.Complete();
                    if (_reading)
                    {
                        // The read in progress returns 0 and completes the reader itself.
                        _reader.CancelPendingRead();
                    }
                    else
                    {
                        _reader.Complete();
                    }
                }
            }
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return 0;
            }

            _reading = true;
        }

        try
        {
            while (true)
            {
                var reading = _reader.ReadAsync(cancellationToken);
                ReadResult result;
                if (reading.IsCompleted)
                {
                    result = reading.Result;
                }
                else
                {
                    // Nothing to read: this end waits for the other.
                    Link.SetWaiting(_isClient, true);
                    try
                    {
                        result = await reading.ConfigureAwait(false);
                    }
                    finally
                    {
                        Link.SetWaiting(_isClient, false);
                    }
                }

                if (result.IsCanceled)
                {
                    return 0;
                }

                var buffer = result.Buffer;
                if (buffer.IsEmpty)
                {
                    _reader.AdvanceTo(buffer.End);
                    if (result.IsCompleted)
                    {
                        return 0;
                    }

                    continue;
                }

                var count = (int)Math.Min(buffer.Length, destination.Length);
                buffer.Slice(0, count).CopyTo(destination.Span);
                _reader.AdvanceTo(buffer.GetPosition(count));
                Link.AddRead(_isClient, count);
                return count;
            }
        }
        finally
        {
            lock (_gate)
            {
                _reading = false;
                if (_disposed)
                {
                    _reader.Complete();
                }
            }
        }
    }

    private async ValueTask WriteCoreAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(DuplexPipeStream));
        }

        var result = await _writer.WriteAsync(source, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new IOException("The other end closed the connection.");
        }

        Link.AddWritten(_isClient, source.Length);
    }
}
