using System;
using System.Collections.Generic;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// The in-flight request table of one connection (MQTTnet's MqttPacketDispatcher shape): add, complete on a report,
/// fail the oldest on <c>REP ERR</c>, fail all when the link breaks. Completions run after the lock is released.
/// </summary>
internal sealed class PendingCommands
{
    private readonly List<PendingCommand> _pending = [];
    private long _sequence;
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

            var pending = new PendingCommand(request, row, ++_sequence);
            _pending.Add(pending);
            return pending;
        }
    }

    public void Remove(PendingCommand pending)
    {
        lock (_pending)
        {
            _pending.Remove(pending);
        }
    }

    /// <summary>Completes the oldest command the report answers, and every dump waiting (any report means it was taken).</summary>
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
                else if (answered is null && p.IsAnsweredBy(report))
                {
                    answered = p;
                }
            }

            if (answered is not null)
            {
                _pending.Remove(answered);
            }

            dumps?.ForEach(d => _pending.Remove(d));
        }

        answered?.Completion.TrySetResult(report);
        dumps?.ForEach(d => d.Completion.TrySetResult(report));
    }

    /// <summary>Removes and returns the oldest command (the one a <c>REP ERR</c> refers to), or null if none waits.</summary>
    public PendingCommand? TakeOldest()
    {
        lock (_pending)
        {
            PendingCommand? oldest = null;
            foreach (var p in _pending)
            {
                if (oldest is null || p.Sequence < oldest.Sequence)
                {
                    oldest = p;
                }
            }

            if (oldest is not null)
            {
                _pending.Remove(oldest);
            }

            return oldest;
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
            p.Completion.TrySetException(failure(p));
        }
    }
}
