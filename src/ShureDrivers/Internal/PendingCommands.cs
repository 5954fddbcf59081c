using System;
using System.Collections.Generic;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// The in-flight request table of one connection (MQTTnet's MqttPacketDispatcher shape): add, stamp the wire order,
/// complete on a report, fail the oldest live command on <c>REP ERR</c>, fail all when the link breaks. Completions
/// run after the lock is released.
/// </summary>
/// <remarks>
/// The device answers in order, one reply each. So when a report answers a command, every command written before
/// it that is still waiting was skipped (firmware that ignores what it does not support): it is retired, and a later
/// <c>REP ERR</c> goes to the oldest command that is neither retired nor unwritten. Dumps are not counted: their
/// frames are not replies. Retired commands still complete on a matching report and time out as usual.
/// </remarks>
internal sealed class PendingCommands
{
    private readonly List<PendingCommand> _pending = [];
    private long _writeOrder;
    private Exception? _closedBy;

    /// <summary>Adds a command; throws <see cref="DeviceConnectionException"/> once the table was failed.</summary>
    public PendingCommand Add(CommandString request, ParameterDefinition row, string endPoint)
    {
        lock (_pending)
        {
            if (_closedBy is not null)
            {
                throw DeviceErrors.ConnectionClosed(endPoint, _closedBy);
            }

            var pending = new PendingCommand(request, row);
            _pending.Add(pending);
            return pending;
        }
    }

    /// <summary>Stamps the command's place on the wire; called under the connection's write lock, just before it is written.</summary>
    public void MarkWriting(PendingCommand pending)
    {
        lock (_pending)
        {
            pending.WriteOrder = ++_writeOrder;
        }
    }

    public void Remove(PendingCommand pending)
    {
        lock (_pending)
        {
            _pending.Remove(pending);
        }
    }

    /// <summary>
    /// Completes the oldest command the report answers (retiring the commands written before it), and every dump
    /// waiting (any report means it was taken).
    /// </summary>
    public void CompleteMatching(CommandString report)
    {
        PendingCommand? answered = null;
        List<PendingCommand>? dumps = null;
        lock (_pending)
        {
            foreach (var p in _pending)
            {
                if (p.IsDump)
                {
                    (dumps ??= []).Add(p);
                }
                else if (p.IsAnsweredBy(report) && (answered is null || Older(p, answered)))
                {
                    answered = p;
                }
            }

            if (answered is not null)
            {
                _pending.Remove(answered);
                if (answered.WriteOrder > 0)
                {
                    foreach (var p in _pending)
                    {
                        if (!p.IsDump && p.WriteOrder > 0 && p.WriteOrder < answered.WriteOrder)
                        {
                            p.IsRetired = true;
                        }
                    }
                }
            }

            dumps?.ForEach(d => _pending.Remove(d));
        }

        answered?.Completion.TrySetResult(report);
        dumps?.ForEach(d => d.Completion.TrySetResult(report));
    }

    /// <summary>
    /// Removes and returns the command a <c>REP ERR</c> refers to: the oldest written one that is not retired (or,
    /// if every written one is retired, the oldest written); null if none waits.
    /// </summary>
    public PendingCommand? TakeRejected()
    {
        lock (_pending)
        {
            PendingCommand? live = null;
            PendingCommand? any = null;
            foreach (var p in _pending)
            {
                if (p.WriteOrder == 0)
                {
                    continue;
                }

                if (any is null || p.WriteOrder < any.WriteOrder)
                {
                    any = p;
                }

                if (!p.IsRetired && (live is null || p.WriteOrder < live.WriteOrder))
                {
                    live = p;
                }
            }

            var taken = live ?? any;
            if (taken is not null)
            {
                _pending.Remove(taken);
            }

            return taken;
        }
    }

    /// <summary>Fails every waiting command with the exception <paramref name="failure"/> builds, and refuses new ones.</summary>
    public void FailAll(Exception reason, Func<PendingCommand, Exception> failure)
    {
        List<PendingCommand> pending;
        lock (_pending)
        {
            _closedBy = reason;
            pending = [.. _pending];
            _pending.Clear();
        }

        foreach (var p in pending)
        {
            p.Fail(failure(p));
        }
    }

    // Written commands in wire order, then unwritten ones (their reply cannot have come yet).
    private static bool Older(PendingCommand a, PendingCommand b) =>
        (a.WriteOrder, b.WriteOrder) switch
        {
            (0, _) => false,
            (_, 0) => true,
            var (x, y) => x < y,
        };
}
