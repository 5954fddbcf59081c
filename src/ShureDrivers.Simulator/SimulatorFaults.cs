using System;
using System.Text;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers.Simulator;

/// <summary>
/// Faults a test can inject into a simulated device: slow replies, dropped links, half-open links, reboots,
/// garbage, unsolicited errors, rejected or ignored requests, refused connections and a session cap. Properties take effect at once.
/// </summary>
public sealed class SimulatorFaults
{
    private readonly Ani4OutSimulator _simulator;
    private long _replyDelayTicks;
    private volatile bool _silent;
    private volatile bool _refuse;
    private volatile Func<CommandString, bool>? _rejectWhen;
    private volatile Func<CommandString, bool>? _ignoreWhen;
    private int _maxSessions = -1;
    private long _lostFrames;

    internal SimulatorFaults(Ani4OutSimulator simulator) => _simulator = simulator;

    /// <summary>Delay before every frame the device writes (on the simulator's clock).</summary>
    public TimeSpan ReplyDelay
    {
        get => TimeSpan.FromTicks(System.Threading.Interlocked.Read(ref _replyDelayTicks));
        set => System.Threading.Interlocked.Exchange(ref _replyDelayTicks, Math.Max(0, value.Ticks));
    }

    /// <summary>
    /// A half-open link, as after a power cut on the path: sockets stay open but nothing received is processed and
    /// nothing is sent. What arrives meanwhile is lost.
    /// </summary>
    public bool Silent
    {
        get => _silent;
        set => _silent = value;
    }

    /// <summary>Frames received and thrown away while <see cref="Silent"/> was on.</summary>
    public long LostFrameCount => System.Threading.Interlocked.Read(ref _lostFrames);

    /// <summary>Refuse new connections (the TCP listener resets them; the in-memory connector throws).</summary>
    public bool RefuseConnections
    {
        get => _refuse;
        set => _refuse = value;
    }

    /// <summary>Refuse connections beyond this many concurrent sessions; null for no limit.</summary>
    public int? MaxSessions
    {
        get => _maxSessions < 0 ? null : _maxSessions;
        set => _maxSessions = value is { } v ? Guard.InRange(v, 0, int.MaxValue, nameof(value)) : -1;
    }

    /// <summary>Answer matching requests with <c>REP ERR</c> instead of handling them.</summary>
    public Func<CommandString, bool>? RejectWhen
    {
        get => _rejectWhen;
        set => _rejectWhen = value;
    }

    /// <summary>Never answer matching requests (no REP, no REP ERR), as firmware that drops a request it does not handle.</summary>
    public Func<CommandString, bool>? IgnoreWhen
    {
        get => _ignoreWhen;
        set => _ignoreWhen = value;
    }

    /// <summary>Closes every session at once.</summary>
    public void DropConnections() => _simulator.DropAllSessions();

    /// <summary>Reboots the device (as <c>SET REBOOT</c> does).</summary>
    public void Reboot() => _simulator.Reboot();

    /// <summary>Writes raw bytes to every session, between frames.</summary>
    public void SendGarbage(byte[] bytes) => _simulator.Broadcast((byte[])Guard.NotNull(bytes, nameof(bytes)).Clone());

    /// <summary>Writes ASCII text to every session, between frames.</summary>
    public void SendGarbage(string text) => SendGarbage(Encoding.ASCII.GetBytes(Guard.NotNull(text, nameof(text))));

    /// <summary>Writes <c>&lt; REP ERR &gt;</c> to every session, answering nothing.</summary>
    public void SendUnsolicitedError() => SendGarbage("< REP ERR >");

    internal void CountLostFrame() => System.Threading.Interlocked.Increment(ref _lostFrames);

    /// <summary>Clears every fault.</summary>
    public void Reset()
    {
        ReplyDelay = TimeSpan.Zero;
        Silent = false;
        RefuseConnections = false;
        MaxSessions = null;
        RejectWhen = null;
        IgnoreWhen = null;
    }
}
