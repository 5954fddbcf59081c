using System;
using System.Collections.Generic;
using System.Linq;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// The in-flight request table of one connection (MQTTnet's MqttPacketDispatcher shape): add, stamp the wire order,
/// complete on a report, assign <c>REP ERR</c> when it is certain and settle it when it is not, fail all when the link
/// breaks. Completions run after the lock is released.
/// </summary>
/// <remarks>
/// The device answers in order, one reply each. So when a report answers a command, every command written before
/// it that is still waiting was skipped (firmware that ignores what it does not support) or rejected: it is retired.
/// Dumps are not counted: their frames are not replies. Retired commands still complete on a matching report and time
/// out as usual.
/// </remarks>
internal sealed class PendingCommands(string endPoint = "device")
{
    private readonly List<PendingCommand> _pending = [];
    private long _writeOrder;
    private int _unassignedErrors;
    private Exception? _closedBy;

    /// <summary>Adds a command; throws <see cref="DeviceConnectionException"/> once the table was failed.</summary>
    public PendingCommand Add(CommandString request, ParameterDefinition row, bool settling = false)
    {
        lock (_pending)
        {
            if (_closedBy is not null)
            {
                throw DeviceErrors.ConnectionClosed(endPoint, _closedBy);
            }

            var pending = new PendingCommand(request, row, settling);
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

    /// <summary>The requests on the wire and still waiting for their reply, oldest first (tests that drive a fake clock read it).</summary>
    public IReadOnlyList<CommandString> OnTheWireAndWaiting()
    {
        lock (_pending)
        {
            return _pending.Where(p => p.IsOnTheWire && !p.Completion.Task.IsCompleted).Select(p => p.Request).ToList();
        }
    }

    public void Remove(PendingCommand pending)
    {
        lock (_pending)
        {
            RemoveLocked(pending);
        }
    }

    // The unassigned errors go with the last suspect.
    private void RemoveLocked(PendingCommand pending)
    {
        _pending.Remove(pending);
        if (pending.IsSuspect)
        {
            pending.IsSuspect = false;
            if (!_pending.Exists(p => p.IsSuspect))
            {
                _unassignedErrors = 0;
            }
        }
    }

    private void Take(List<PendingCommand> taken)
    {
        foreach (var p in taken)
        {
            RemoveLocked(p);
        }
    }

    // Under the lock: a reply to the command written at `order` means every unassigned REP ERR, which came before it,
    // belongs to a suspect written before it. As many such suspects as errors: all were rejected. More: some were
    // skipped, so each is settled by reading back (a settlement that is itself in doubt counts as rejected). Suspects
    // written after it are cleared.
    private (List<PendingCommand>? Rejected, List<PendingCommand>? Ambiguous) SettleSuspectsBefore(long order)
    {
        if (_unassignedErrors == 0)
        {
            return (null, null);
        }

        var passed = _pending.FindAll(p => p.IsSuspect && p.WriteOrder < order);
        var errors = _unassignedErrors;
        _pending.ForEach(p => p.IsSuspect = false);
        _unassignedErrors = 0;
        if (passed.Count == 0)
        {
            return (null, null);
        }

        passed.ForEach(p => _pending.Remove(p));
        if (passed.Count <= errors)
        {
            return (passed, null);
        }

        return (passed.FindAll(p => !p.CanSettle), passed.FindAll(p => p.CanSettle));
    }

    /// <summary>
    /// Completes the oldest command the report answers (retiring the commands written before it), and every dump
    /// waiting (any report means it was taken).
    /// </summary>
    public void CompleteMatching(CommandString report)
    {
        PendingCommand? answered = null;
        List<PendingCommand>? dumps = null;
        List<PendingCommand>? rejected = null;
        List<PendingCommand>? ambiguous = null;
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
                RemoveLocked(answered);
                if (answered.WriteOrder > 0)
                {
                    foreach (var p in _pending)
                    {
                        if (!p.IsDump && p.WriteOrder > 0 && p.WriteOrder < answered.WriteOrder)
                        {
                            p.IsRetired = true;
                        }
                    }

                    (rejected, ambiguous) = SettleSuspectsBefore(answered.WriteOrder);
                }
            }

            if (dumps is not null)
            {
                foreach (var d in dumps)
                {
                    _pending.Remove(d);
                }
            }
        }

        // Loops, not lambdas: a lambda capturing the report made every report allocate a closure on entry.
        answered?.Completion.TrySetResult(report);
        if (dumps is not null)
        {
            foreach (var d in dumps)
            {
                d.Completion.TrySetResult(report);
            }
        }

        FailRejected(rejected, ambiguous);
    }

    private void FailRejected(List<PendingCommand>? rejected, List<PendingCommand>? ambiguous)
    {
        if (rejected is not null)
        {
            foreach (var p in rejected)
            {
                p.Fail(DeviceErrors.Rejected(endPoint, p.Request));
            }
        }

        if (ambiguous is not null)
        {
            foreach (var p in ambiguous)
            {
                p.Fail(new AmbiguousRejectionException(DeviceErrors.Rejected(endPoint, p.Request)));
            }
        }
    }

    /// <summary>
    /// Removes and returns the commands a <c>REP ERR</c> is known to refer to. When it is certain: the only written
    /// command that is live (not retired), or, if every written one is retired, the oldest written. When more than one
    /// live command could own it and each can be settled (<see cref="PendingCommand.CanDefer"/>), none is blamed yet:
    /// they become suspects, and the error is counted. As many errors as suspects means every suspect was rejected (all
    /// are returned). A later reply settles the suspects written before it (<see cref="CompleteMatching"/>); a suspect
    /// that times out first is settled by reading back (<see cref="IsSuspect"/>). If a live command cannot be settled,
    /// the oldest live one is blamed, as the device answers in order. Empty when nothing is known yet or none waits.
    /// </summary>
    public List<PendingCommand> TakeRejected()
    {
        lock (_pending)
        {
            PendingCommand? any = null;
            var live = new List<PendingCommand>();
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

                if (!p.IsRetired)
                {
                    live.Add(p);
                }
            }

            live.Sort((a, b) => a.WriteOrder.CompareTo(b.WriteOrder));
            List<PendingCommand> taken;
            if (live.Count > 1 && live.TrueForAll(p => p.CanDefer))
            {
                _unassignedErrors++;
                live.ForEach(p => p.IsSuspect = true);
                taken = _unassignedErrors >= live.Count ? live : [];
            }
            else
            {
                taken = live.Count > 0 ? [live[0]] : any is not null ? [any] : [];
            }

            Take(taken);
            return taken;
        }
    }

    /// <summary>True while a <c>REP ERR</c> waits to be assigned to one of several suspects.</summary>
    public bool HasSuspects
    {
        get
        {
            lock (_pending)
            {
                return _unassignedErrors > 0;
            }
        }
    }

    /// <summary>
    /// True when <paramref name="pending"/> was a suspect of an unassigned <c>REP ERR</c> when it timed out: it may be
    /// the one the device rejected, so its caller settles it instead of reporting a timeout.
    /// </summary>
    public bool IsSuspect(PendingCommand pending)
    {
        lock (_pending)
        {
            return pending.IsSuspect && _unassignedErrors > 0;
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
            _unassignedErrors = 0;
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
