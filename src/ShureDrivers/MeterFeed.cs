using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace ShureDrivers;

/// <summary>
/// Meter readings as an async stream. Bounded: when the consumer falls behind, the oldest readings are dropped
/// (counted in <see cref="DroppedCount"/>), so metering never floods a slow consumer or grows memory.
/// </summary>
/// <remarks>Dispose it to stop receiving. One consumer at a time.</remarks>
public sealed class MeterFeed : IAsyncEnumerable<MeterReading>, IDisposable
{
    private readonly Channel<MeterReading> _channel;
    private readonly Action<MeterFeed> _onDispose;
    private long _dropped;
    private int _disposed;

    internal MeterFeed(int capacity, Action<MeterFeed> onDispose)
    {
        _channel = Channel.CreateBounded<MeterReading>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // writes never wait: Offer drops the oldest itself and counts it
            SingleReader = true,
            SingleWriter = true,
        });
        _onDispose = onDispose;
    }

    /// <summary>Readings dropped because the consumer was slower than the meter rate.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Waits for the next reading.</summary>
    /// <exception cref="ChannelClosedException">The stream or its device was disposed.</exception>
    public ValueTask<MeterReading> ReadAsync(CancellationToken cancellationToken = default) => _channel.Reader.ReadAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerator<MeterReading> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_channel.Reader.TryRead(out var reading))
            {
                yield return reading;
            }
        }
    }

    /// <summary>Stops the stream; a pending read ends.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _channel.Writer.TryComplete();
            _onDispose(this);
        }
    }

    internal void Offer(MeterReading reading)
    {
        // Called from the read loop: never block. Drop the oldest to make room.
        while (!_channel.Writer.TryWrite(reading))
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            if (_channel.Reader.TryRead(out _))
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    internal void Complete() => _channel.Writer.TryComplete();
}
