using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace ShureDrivers.Networking;

/// <summary>
/// A socket whose arrivals wait in a bounded queue (like a socket's receive buffer, new datagrams are dropped when
/// it is full), so a receive can be cancelled on every target without losing a datagram. The real UDP socket and
/// the simulator's in-memory one both fill it.
/// </summary>
public abstract class QueuedDatagramSocket : DatagramSocket
{
    private readonly Channel<ReceivedDatagram> _queue;
    private int _disposed;
    private int _receivers;
    private int _everReceived;

    /// <summary>Creates the queue from the options' buffer size and queue length.</summary>
    protected QueuedDatagramSocket(DatagramSocketOptions options)
    {
        ReceiveBufferSize = Math.Max(1, options.ReceiveBufferSize);
        _queue = Channel.CreateBounded<ReceivedDatagram>(new BoundedChannelOptions(Math.Max(1, options.ReceiveQueueLength)) { FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Longest datagram kept; longer ones are cut, as a real socket does.</summary>
    protected int ReceiveBufferSize { get; }

    /// <summary>True once disposed.</summary>
    protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Takes the next queued datagram; throws <see cref="SocketException"/> once the socket stopped receiving.</summary>
    public sealed override async ValueTask<ReceivedDatagram> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        Volatile.Write(ref _everReceived, 1);
        Interlocked.Increment(ref _receivers);
        try
        {
            return await _queue.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex) when (ex.InnerException is SocketException failure)
        {
            throw new SocketException((int)failure.SocketErrorCode);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(DatagramSocket));
        }
        finally
        {
            Interlocked.Decrement(ref _receivers);
        }
    }

    /// <summary>
    /// Nothing queued, and the reader (if it ever read) waits for more: whatever came has been handled. Tests that
    /// drive a fake clock over simulated networks wait for it before they move the clock.
    /// </summary>
    public bool IsIdle => _queue.Reader.Count == 0 && (Volatile.Read(ref _everReceived) == 0 || Volatile.Read(ref _receivers) > 0);

    /// <summary>Ends receiving with <paramref name="error"/>: queued datagrams are still read, then every receive throws it.</summary>
    public void Fail(SocketException error) => _queue.Writer.TryComplete(error);

    /// <summary>Queues an arrival, cut to the receive buffer; false when the queue is full or closed (dropped).</summary>
    public bool Enqueue(ReadOnlyMemory<byte> data, System.Net.IPEndPoint source) =>
        _queue.Writer.TryWrite(new ReceivedDatagram(data.Length > ReceiveBufferSize ? data.Slice(0, ReceiveBufferSize) : data, source));

    /// <summary>Throws <see cref="ObjectDisposedException"/> once disposed.</summary>
    protected void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(nameof(DatagramSocket));
        }
    }

    /// <summary>Stops the queue once, then lets the derived socket release what it holds.</summary>
    protected sealed override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Close();
        _queue.Writer.TryComplete();
    }

    /// <summary>Releases what the socket holds; called once, before the queue closes.</summary>
    protected abstract void Close();
}
