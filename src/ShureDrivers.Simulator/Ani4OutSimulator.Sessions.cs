using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Internal;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

// Client sessions: serving a stream, refusing connections, recording received frames, and fanning reports out to every session.
public sealed partial class Ani4OutSimulator
{
    /// <summary>Forgets <see cref="ReceivedFrames"/>.</summary>
    public void ClearReceivedFrames()
    {
        lock (_received)
        {
            _received.Clear();
        }
    }

    // ---- State API: as if the web app or the front panel changed something. ----

    /// <summary>
    /// Serves one client on <paramref name="stream"/> until the client disconnects, the session is dropped, or
    /// <paramref name="cancellationToken"/> is cancelled. The stream is disposed when the session ends.
    /// </summary>
    public Task RunSessionAsync(Stream stream, CancellationToken cancellationToken = default) => ServeAsync(stream, "stream", cancellationToken);

    /// <summary>The controller on the other end of each open session, oldest first: its address and port over TCP, <c>in-memory</c> or <c>stream</c> otherwise.</summary>
    public IReadOnlyList<string> Controllers => [.. _sessions.Values.OrderBy(s => s.Id).Select(s => s.Peer)];

    internal Task ServeAsync(Stream stream, string peer, CancellationToken cancellationToken)
    {
        Guard.NotNull(stream, nameof(stream));
        ThrowIfDisposed();
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var session = new SimulatorSession(this, Interlocked.Increment(ref _nextSessionId), stream, peer, Options.MaxQueuedFramesPerSession, linked.Token);
        _sessions[session.Id] = session;
        SimulatorLog.SessionOpened(_logger, HostName, session.Id);
        return RunAndForgetAsync(session, linked);
    }

    /// <summary>Opens an in-memory connection and serves it; returns the client's end.</summary>
    /// <exception cref="SocketException">The device is rebooting or refusing connections (<see cref="SocketError.ConnectionRefused"/>).</exception>
    public Stream ConnectInMemory()
    {
        ThrowIfDisposed();
        var reason = RefusalReason();
        var (client, server) = DuplexPipeStream.CreatePair();
        if (reason is not null)
        {
            SimulatorLog.ConnectionRefused(_logger, HostName, reason);
            if (Options.SessionRefusal == SessionRefusal.Reset)
            {
                throw new SocketException((int)SocketError.ConnectionRefused);
            }

            // Accepted, then closed without a word: the client reads the end of the stream.
            server.Dispose();
            return client;
        }

        _ = ServeAsync(server, "in-memory", CancellationToken.None);
        return client;
    }

    /// <summary>A connector that reaches this simulator in memory, whatever host and port it is asked for.</summary>
    public InMemoryDeviceConnector CreateConnector() => new(this);

    /// <summary>Closes every session at once, without a goodbye.</summary>
    public void DropAllSessions()
    {
        foreach (var session in _sessions.Values)
        {
            session.Abort();
        }
    }

    internal string? RefusalReason()
    {
        if (_disposed)
        {
            return "disposed";
        }

        if (IsBooting)
        {
            return "rebooting";
        }

        if (Faults.RefuseConnections)
        {
            return "refusing connections (fault)";
        }

        if (Options.MaxSessions is { } cap && _sessions.Count >= cap)
        {
            return $"session limit {cap} reached (profile)";
        }

        return Faults.MaxSessions is { } max && _sessions.Count >= max ? $"session limit {max} reached (fault)" : null;
    }

    internal void Broadcast(byte[] frame)
    {
        lock (_gate)
        {
            BroadcastLocked(frame);
        }
    }

    internal void HandleFrame(SimulatorSession session, in ReadOnlySequence<byte> frame)
    {
        var text = Encoding.ASCII.GetString(frame.ToArray());
        SimulatorLog.FrameReceived(_logger, HostName, session.Id, text);
        Record(text);
        FrameReceiving?.Invoke(this, text);
        var reason = Handle(session, text);
        if (reason is not null)
        {
            SimulatorLog.CommandRejected(_logger, HostName, text, reason);
            var answer = reason switch
            {
                RejectedByFault or RejectedByProfile => true,
                IgnoredByFault or IgnoredByProfile => false,
                _ => Options.UnsupportedRequests == UnsupportedRequestHandling.Reject,
            };
            if (answer)
            {
                Sending(_errorFrame);
                session.Enqueue(_errorFrame, NextReplyDelay());
            }
        }

        FrameReceived?.Invoke(this, text);
    }

    private async Task RunAndForgetAsync(SimulatorSession session, CancellationTokenSource linked)
    {
        try
        {
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _sessions.TryRemove(session.Id, out _);
            linked.Dispose();
            SimulatorLog.SessionClosed(_logger, HostName, session.Id);
        }
    }

    private void Record(string text)
    {
        lock (_received)
        {
            _received.Enqueue(text);
            while (_received.Count > Math.Max(0, Options.ReceivedFrameHistory))
            {
                _received.Dequeue();
            }
        }
    }

    // One reply to every session: each waits the reply delay of the firmware profile.
    private void BroadcastLocked(byte[] frame)
    {
        Sending(frame);
        var delay = NextReplyDelay();
        foreach (var session in _sessions.Values)
        {
            EnqueueOrLog(session, frame, delay);
        }
    }

    private void EnqueueOrLog(SimulatorSession session, byte[] frame, TimeSpan delay)
    {
        // Logged at the 1st, 10th, 100th… drop: a stalled client drops thousands of frames a second.
        if (!session.Enqueue(frame, delay) && Interlocked.Read(ref session.DroppedFrames) is var dropped && IsPowerOfTen(dropped))
        {
            SimulatorLog.OutputDropped(_logger, HostName, session.Id, dropped);
        }
    }

    // Once per frame, however many sessions it goes to; the text is made only when someone listens.
    private void Sending(byte[] frame)
    {
        if (FrameSent is { } handler)
        {
            handler(this, Encoding.ASCII.GetString(frame, 0, frame.Length - Options.FrameTerminator.Length));
        }
    }

    private static bool IsPowerOfTen(long value)
    {
        while (value >= 10 && value % 10 == 0)
        {
            value /= 10;
        }

        return value == 1;
    }
}
