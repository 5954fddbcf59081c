using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Internal;

/// <summary>
/// A connected stream with bytes already read from it put back in front: reads return <c>prefix</c> first, then the
/// stream; writes go straight through. Owns the stream.
/// </summary>
internal sealed class PrefixedStream(Stream inner, byte[] prefix) : Stream
{
    private int _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        TakePrefix(buffer, offset, count) is var n and > 0 ? n : inner.Read(buffer, offset, count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        TakePrefix(buffer, offset, count) is var n and > 0 ? Task.FromResult(n) : inner.ReadAsync(buffer, offset, count, cancellationToken);

#if !NETSTANDARD2_0
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var left = prefix.Length - _offset;
        if (left > 0)
        {
            var n = Math.Min(left, buffer.Length);
            prefix.AsMemory(_offset, n).CopyTo(buffer);
            _offset += n;
            return new ValueTask<int>(n);
        }

        return inner.ReadAsync(buffer, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
#endif

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int TakePrefix(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(prefix.Length - _offset, count);
        if (n <= 0)
        {
            return 0;
        }

        Buffer.BlockCopy(prefix, _offset, buffer, offset, n);
        _offset += n;
        return n;
    }
}
