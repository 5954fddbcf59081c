using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

// Command semantics: GET, SET, INC/DEC, TOGGLE, the dump and preset recall, with the strictness options.
public sealed partial class Ani4OutSimulator
{
    // Returns why the frame gets REP ERR, or null when it was handled.
    private string? Handle(SimulatorSession session, string text)
    {
        if (!Options.AcceptLowerCase && HasLowerCaseOutsideBraces(text))
        {
            return "lower-case keywords are not accepted (option)";
        }

        if (!_parser.TryParse(text, out var command))
        {
            return "malformed frame";
        }

        if (Faults.IgnoreWhen?.Invoke(command) == true)
        {
            return IgnoredByFault;
        }

        if (Options.StrictGrammar && !IsDocumentedSpelling(text, command))
        {
            return "not the documented spelling (strict profile)";
        }

        if (command.Kind is not (CommandKind.Get or CommandKind.Set))
        {
            return "only GET and SET are requests";
        }

        if (!Options.AcceptTwoDigitChannels && command.Channel is not null && HasTwoDigitChannel(text) && _table.TryGetParameter(command.Name, out var row) && row.ChannelDigits == 1)
        {
            return "two-digit channels are not accepted (option)";
        }

        if (Faults.RejectWhen?.Invoke(command) == true)
        {
            return RejectedByFault;
        }

        if (!_table.TryValidate(command, out var error))
        {
            return error;
        }

        if (command.Kind == CommandKind.Get && command.Name != Ani4OutParameters.All)
        {
            switch (ResponseFor(command))
            {
                case GetResponse.Reject:
                    return RejectedByProfile;
                case GetResponse.Ignore:
                    return IgnoredByProfile;
            }
        }

        var reboot = false;
        lock (_gate)
        {
            if (_booting || _disposed)
            {
                return null;
            }

            var result = command.Kind == CommandKind.Get ? HandleGetLocked(session, command) : HandleSetLocked(session, command, out reboot);
            if (command.Kind == CommandKind.Get || result is not null)
            {
                return result;
            }
        }

        if (reboot)
        {
            Reboot();
        }

        return null;
    }

    private string? HandleGetLocked(SimulatorSession session, CommandString command)
    {
        var replies = new List<byte[]>();
        if (command.Name == Ani4OutParameters.All)
        {
            if (command.Channel is null && !Options.AcceptGetAllWithoutChannel)
            {
                return "GET ALL needs a channel on the ANI4OUT (option)";
            }

            if (command.Channel == 0 && !Options.AcceptGetZeroAll)
            {
                return "GET 0 ALL is not accepted (option)";
            }

            DumpLocked(replies, command.Channel ?? 0);
        }
        else
        {
            var row = Row(command.Name);
            foreach (var key in Expand(row, command.Channel, command.Index))
            {
                replies.Add(Wire(MakeReport(key, ReadLocked(key))));
            }
        }

        // The first frame waits the reply delay; each further frame of a dump the dump pace (a busy CPU).
        for (var i = 0; i < replies.Count; i++)
        {
            Sending(replies[i]);
            var delay = i == 0 ? NextReplyDelay() : Options.DumpFramePace;
            if (Options.GetRepliesToAllSessions)
            {
                foreach (var other in _sessions.Values)
                {
                    EnqueueOrLog(other, replies[i], delay);
                }
            }
            else
            {
                EnqueueOrLog(session, replies[i], delay);
            }
        }

        return null;
    }

    private string? HandleSetLocked(SimulatorSession session, CommandString command, out bool reboot)
    {
        reboot = false;
        switch (command.Name)
        {
            case Ani4OutParameters.Reboot:
                reboot = true;
                return null;

            case Ani4OutParameters.DefaultSettings:
                ApplyLocked(_factory.Where(p => IsPresetParameter(p.Key.Name)));
                _state[new ParameterKey(Ani4OutParameters.Preset)] = CommandValue.FromNumber(0);
                BroadcastLocked(Wire(Options.DefaultSettingsReply == DefaultSettingsReply.PresetZero
                    ? CommandString.Report(Ani4OutParameters.Preset, CommandValue.FromNumber(0))
                    : CommandString.Report(Ani4OutParameters.DefaultSettings, CommandValue.FromToken("00"))));
                return null;

            case Ani4OutParameters.Preset:
                var slot = command.Value.Number;
                if (_presets[slot] is not { } stored)
                {
                    return $"preset {slot} is empty";
                }

                RecallLocked(slot, stored);
                return null;
        }

        var row = Row(command.Name);
        var key = new ParameterKey(row.Name, command.Channel ?? -1, command.Index ?? -1);
        var current = _state[key];
        CommandValue next;
        switch (command.Operation)
        {
            case SetOperation.Toggle:
                next = CommandValue.FromSwitch(!(current.TryGetSwitch(out var on) && on));
                break;
            case SetOperation.Increment or SetOperation.Decrement:
                var target = current.Number + (command.Operation == SetOperation.Increment ? command.Value.Number : -command.Value.Number);
                var range = row.Range!.Value;
                if (!range.Contains(target) && Options.StepOverflow == StepOverflowBehavior.Reject)
                {
                    return $"{row.Name} would leave {range}";
                }

                next = CommandValue.FromNumber(range.Clamp(target));
                break;
            default:
                next = command.Value;
                break;
        }

        _state[key] = next;

        // Timers start before the acknowledgement leaves, so a client that reacts to the REP sees them running.
        switch (row.Name)
        {
            case Ani4OutParameters.MeterRate:
                RestartMeterLocked(next.Number > 0 ? session.Id : -1);
                break;
            case Ani4OutParameters.Flash:
                _flashTimer?.Dispose();
                _flashTimer = next.TryGetSwitch(out var flashing) && flashing
                    ? Options.TimeProvider.CreateTimer(_ => EndFlash(), null, Options.FlashDuration, Timeout.InfiniteTimeSpan)
                    : null;
                break;
        }

        // Every SET is acknowledged by a REP of the resulting value, to every session.
        BroadcastLocked(Wire(MakeReport(key, next)));
        return null;
    }

    private void DumpLocked(List<byte[]> replies, int channel)
    {
        foreach (var row in _table.Parameters)
        {
            if ((row.Access & ParameterAccess.Get) == 0 || row.ValueKind == ParameterValueKind.Dump)
            {
                continue;
            }

            if (row.Scope == ParameterScope.Device && InDump(new ParameterKey(row.Name)))
            {
                replies.Add(Wire(MakeReport(new ParameterKey(row.Name), ReadLocked(new ParameterKey(row.Name)))));
            }
        }

        foreach (var row in _table.Parameters)
        {
            if (row.Scope != ParameterScope.Channel || (row.Access & ParameterAccess.Get) == 0)
            {
                continue;
            }

            foreach (var key in Expand(row, channel, row.GetIndexes is null ? null : 0))
            {
                if (InDump(key))
                {
                    replies.Add(Wire(MakeReport(key, ReadLocked(key))));
                }
            }
        }
    }

    private static bool HasLowerCaseOutsideBraces(string text)
    {
        var inBraces = false;
        foreach (var c in text)
        {
            inBraces = c == '{' || (inBraces && c != '}');
            if (!inBraces && c is >= 'a' and <= 'z')
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasTwoDigitChannel(string text)
    {
        var parts = text.Split([' ', '\t', '<', '>'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 1 && parts[1].Length == 2 && parts[1].All(char.IsDigit);
    }
}
