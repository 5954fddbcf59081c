using System;
using System.Collections.Generic;
using System.Linq;
using ShureDrivers.Rooms;

namespace ShureDrivers.Cli.Commands;

/// <summary>
/// One plain line per finished device on stderr, so stdout stays the report. On a terminal a live
/// "[done/total]" status line sits under them and is redrawn in place; redirected output gets plain lines only.
/// </summary>
internal sealed class ApplyProgress(CliConsole console, bool quiet, int total, bool silent = false) : IProgress<RoomDeviceReport>
{
    private const string ClearLine = "\r\u001b[K";
    private readonly bool _live = console.ErrorIsTerminal && !silent;
    private readonly List<RoomDeviceReport> _finished = [];
    private int _done;

    /// <summary>Raised for each finished device (on the applier's thread).</summary>
    public event Action<RoomDeviceReport>? Reported;

    /// <summary>The devices finished so far.</summary>
    public IReadOnlyList<RoomDeviceReport> Finished
    {
        get
        {
            lock (console)
            {
                return [.. _finished];
            }
        }
    }

    public void Start()
    {
        if (_live)
        {
            lock (console)
            {
                console.Error.Write(Status());
            }
        }
    }

    public void Report(RoomDeviceReport value)
    {
        var counts = string.Join(", ", value.Settings.GroupBy(x => ApplyCommand.Result(x.Result)).Select(g => $"{g.Count()} {g.Key}"));
        var name = TerminalText.Safe(value.Name);
        var line = value.Status is RoomDeviceStatus.Unreachable or RoomDeviceStatus.WrongModel ? $"{name}: {(value.Status == RoomDeviceStatus.WrongModel ? "wrong model" : "unreachable")} ({TerminalText.Safe(value.Error)})" : $"{name}: {(counts.Length == 0 ? "nothing to do" : counts)}";
        Reported?.Invoke(value);
        lock (console)
        {
            _done++;
            _finished.Add(value);
            if (silent)
            {
                return; // the live table shows it
            }

            if (_live)
            {
                console.Error.Write(ClearLine);
            }

            console.Error.WriteLine(quiet ? line : "  " + line);
            if (_live)
            {
                console.Error.Write(Status());
            }
        }
    }

    public void Finish()
    {
        if (_live)
        {
            lock (console)
            {
                console.Error.Write(ClearLine);
            }
        }
    }

    private string Status() => $"[{_done}/{total}] devices done, {total - _done} in progress or waiting";
}
