using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Internal;

/// <summary>Stream reads and writes that take the ValueTask overload where the target framework has it.</summary>
internal static class StreamExtensions
{
    /// <summary>Writes all of <paramref name="bytes"/>.</summary>
    public static ValueTask WriteAllAsync(this Stream stream, byte[] bytes, CancellationToken cancellationToken) => stream.WriteAllAsync(bytes, bytes.Length, cancellationToken);

    /// <summary>Writes the first <paramref name="count"/> bytes of <paramref name="bytes"/>.</summary>
    public static ValueTask WriteAllAsync(this Stream stream, byte[] bytes, int count, CancellationToken cancellationToken) =>
#if NETSTANDARD2_0
        new(stream.WriteAsync(bytes, 0, count, cancellationToken));
#else
        stream.WriteAsync(bytes.AsMemory(0, count), cancellationToken);
#endif

    /// <summary>Reads into <paramref name="buffer"/> from <paramref name="offset"/>; returns the count read (0 at the end).</summary>
    public static ValueTask<int> ReadSomeAsync(this Stream stream, byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
#if NETSTANDARD2_0
        new(stream.ReadAsync(buffer, offset, count, cancellationToken));
#else
        stream.ReadAsync(buffer.AsMemory(offset, count), cancellationToken);
#endif
}
