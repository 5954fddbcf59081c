using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace ShureDrivers.Simulator.Panel.Internal;

/// <summary>
/// What the panel keeps about one simulated device between page updates: its wire log, its latest meter line, whether
/// anything may have changed, and the faults set from the page. The simulator's events land here on its own threads
/// (FrameSent under its lock), so each handler only records.
/// </summary>
internal sealed class PanelDevice : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<WireFrame> _wire = new();
    private readonly int _wireLength;
    private readonly TimeProvider _time;
    private readonly long _start;
    private long _nextSequence;
    private int[]? _meters;
    private bool _metersFresh;
    private int _dirty = 1;
    private int[] _rejected = [];

    public PanelDevice(int id, SimulatedDevice device, int wireLength, TimeProvider time, long start)
    {
        Id = id;
        Device = device;
        _wireLength = wireLength;
        _time = time;
        _start = start;
        Simulator.FrameSent += OnSent;
        Simulator.FrameReceiving += OnReceived;
        Simulator.BootStateChanged += OnBootStateChanged;
    }

    /// <summary>1-based position in the panel's list; the page and the API address devices by it.</summary>
    public int Id { get; }

    public SimulatedDevice Device { get; }

    public Ani4OutSimulator Simulator => Device.Simulator;

    /// <summary>The snapshot last sent to the page, to send only what changed.</summary>
    public string? LastSnapshot { get; set; }

    /// <summary>The session count at the last snapshot: a controller that leaves without a word sends no frame.</summary>
    public int LastSessionCount { get; set; } = -1;

    /// <summary>Channels the page set to reject SETs, ascending (the simulator's RejectWhen is built from it); replaced whole.</summary>
    public int[] RejectedOutputs
    {
        get => Volatile.Read(ref _rejected);
        set => Volatile.Write(ref _rejected, value);
    }

    /// <summary>When the page's "silent for N seconds" ends, or null.</summary>
    public DateTimeOffset? SilentUntil { get; set; }

    /// <summary>Ends the timed silence early (a new one, clear, or disposal).</summary>
    public ITimer? SilenceTimer { get; set; }

    public void MarkDirty() => Volatile.Write(ref _dirty, 1);

    public bool TakeDirty() => Interlocked.Exchange(ref _dirty, 0) == 1;

    /// <summary>The latest SAMPLE values (0..60 each) when a new line arrived since the last call.</summary>
    public int[]? TakeMeters()
    {
        lock (_gate)
        {
            if (!_metersFresh)
            {
                return null;
            }

            _metersFresh = false;
            return _meters;
        }
    }

    /// <summary>The frames logged after <paramref name="afterSequence"/>, oldest first.</summary>
    public List<WireFrame> WireAfter(long afterSequence)
    {
        lock (_gate)
        {
            var frames = new List<WireFrame>();
            foreach (var frame in _wire)
            {
                if (frame.Sequence > afterSequence)
                {
                    frames.Add(frame);
                }
            }

            return frames;
        }
    }


    public void Dispose()
    {
        Simulator.FrameSent -= OnSent;
        Simulator.FrameReceiving -= OnReceived;
        Simulator.BootStateChanged -= OnBootStateChanged;
        SilenceTimer?.Dispose();
    }

    // SAMPLE lines feed the meters, not the wire log: at the device's meter rate they would push every other frame out.
    private void OnSent(object? sender, string text)
    {
        if (TryParseSample(text, out var levels))
        {
            lock (_gate)
            {
                _meters = levels;
                _metersFresh = true;
            }

            return;
        }

        Log(outgoing: true, text);
    }

    private void OnReceived(object? sender, string text) => Log(outgoing: false, text);

    private void OnBootStateChanged(object? sender, bool booting) => MarkDirty();

    private void Log(bool outgoing, string text)
    {
        lock (_gate)
        {
            _wire.Enqueue(new WireFrame(++_nextSequence, (long)_time.GetElapsedTime(_start).TotalMilliseconds, outgoing, text));
            while (_wire.Count > _wireLength)
            {
                _wire.Dequeue();
            }
        }

        MarkDirty();
    }

    // "< SAMPLE 030 031 032 033 >": the simulator's own spelling, so a plain split is enough.
    internal static bool TryParseSample(string text, out int[] levels)
    {
        levels = [];
        if (!text.StartsWith("< SAMPLE ", StringComparison.Ordinal) || !text.EndsWith(" >", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text.Substring(9, text.Length - 11).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        levels = values;
        return true;
    }
}
