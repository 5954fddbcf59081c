using System.Threading;

namespace ShureDrivers.Simulator.Internal;

/// <summary>
/// The bytes each end of one in-memory connection has written and read, and whether each end is waiting for more.
/// Quiet when both wait and nothing written is unread: whatever happens next is started by a clock or by a caller,
/// not by bytes in flight. Tests that drive a fake clock wait for it before they move the clock.
/// </summary>
internal sealed class InMemoryLink
{
    private long _clientWritten;
    private long _serverRead;
    private long _serverWritten;
    private long _clientRead;
    private int _clientWaiting;
    private int _serverWaiting;

    public bool IsQuiet =>
        Volatile.Read(ref _clientWaiting) == 1 && Volatile.Read(ref _serverWaiting) == 1
        && Interlocked.Read(ref _clientWritten) == Interlocked.Read(ref _serverRead)
        && Interlocked.Read(ref _serverWritten) == Interlocked.Read(ref _clientRead);

    public void AddWritten(bool byClient, int count) => Interlocked.Add(ref byClient ? ref _clientWritten : ref _serverWritten, count);

    public void AddRead(bool byClient, int count) => Interlocked.Add(ref byClient ? ref _clientRead : ref _serverRead, count);

    public void SetWaiting(bool client, bool waiting) => Volatile.Write(ref client ? ref _clientWaiting : ref _serverWaiting, waiting ? 1 : 0);
}
