using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ShureDrivers.Internal;

namespace ShureDrivers.Protocol;

/// <summary>
/// One command-string frame as data: <c>&lt; KIND [channel] NAME [index] [value] &gt;</c>, a SAMPLE line, or
/// <c>&lt; REP ERR &gt;</c>. Immutable; compares by value.
/// </summary>
/// <remarks>
/// Build frames with the factories (<see cref="Get(string)"/>, <see cref="Set(int, string, CommandValue)"/>, …), turn
/// them into exact wire bytes with <see cref="CommandStringFormatter"/>, and read them with
/// <see cref="CommandStringParser"/>. <see cref="ToString"/> renders a readable form without padding.
/// </remarks>
public sealed class CommandString : IEquatable<CommandString>
{
    private static readonly int[] NoLevels = [];

    internal CommandString(CommandKind kind, int? channel, string name, int? index, SetOperation operation, CommandValue value, int[]? levels)
    {
        Kind = kind;
        Channel = channel;
        Name = name;
        Index = index;
        Operation = operation;
        Value = value;
        LevelsArray = levels ?? NoLevels;
    }

    /// <summary>The device's error reply, <c>&lt; REP ERR &gt;</c>.</summary>
    public static CommandString Error { get; } = new(CommandKind.Error, null, Tokens.Err, null, SetOperation.Assign, default, null);

    /// <summary>The frame's form.</summary>
    public CommandKind Kind { get; }

    /// <summary>The channel field, or null for a device-level frame. 0 means all channels in GET.</summary>
    public int? Channel { get; }

    /// <summary>The parameter name (upper case); <c>ERR</c> for an error, <c>SAMPLE</c> for a metering line.</summary>
    public string Name { get; }

    /// <summary>The index after the name (the PEQ filter), or null.</summary>
    public int? Index { get; }

    /// <summary>How a SET changes the value; <see cref="SetOperation.Assign"/> for every other kind.</summary>
    public SetOperation Operation { get; }

    /// <summary>The value (the step for INC and DEC), or <see cref="CommandValue.None"/>.</summary>
    public CommandValue Value { get; }

    /// <summary>The fields of a SAMPLE line, in order; empty for every other kind.</summary>
    public IReadOnlyList<int> Levels => LevelsArray;

    internal int[] LevelsArray { get; }

    /// <summary><c>&lt; GET NAME &gt;</c>.</summary>
    public static CommandString Get(string name) => Create(CommandKind.Get, null, name, null, SetOperation.Assign, default);

    /// <summary><c>&lt; GET x NAME &gt;</c>.</summary>
    public static CommandString Get(int channel, string name) => Create(CommandKind.Get, channel, name, null, SetOperation.Assign, default);

    /// <summary><c>&lt; GET x NAME i &gt;</c> (PEQ).</summary>
    public static CommandString Get(int channel, string name, int index) => Create(CommandKind.Get, channel, name, index, SetOperation.Assign, default);

    /// <summary><c>&lt; SET NAME &gt;</c>: an action such as REBOOT.</summary>
    public static CommandString Set(string name) => Create(CommandKind.Set, null, name, null, SetOperation.Assign, default);

    /// <summary><c>&lt; SET NAME value &gt;</c>.</summary>
    public static CommandString Set(string name, CommandValue value) => Create(CommandKind.Set, null, name, null, SetOperation.Assign, value);

    /// <summary><c>&lt; SET x NAME value &gt;</c>.</summary>
    public static CommandString Set(int channel, string name, CommandValue value) => Create(CommandKind.Set, channel, name, null, SetOperation.Assign, value);

    /// <summary><c>&lt; SET x NAME i value &gt;</c> (PEQ).</summary>
    public static CommandString Set(int channel, string name, int index, CommandValue value) => Create(CommandKind.Set, channel, name, index, SetOperation.Assign, value);

    /// <summary><c>&lt; SET x NAME INC n &gt;</c>.</summary>
    public static CommandString Increment(int channel, string name, int step) => Create(CommandKind.Set, channel, name, null, SetOperation.Increment, CommandValue.FromNumber(step));

    /// <summary><c>&lt; SET x NAME DEC n &gt;</c>.</summary>
    public static CommandString Decrement(int channel, string name, int step) => Create(CommandKind.Set, channel, name, null, SetOperation.Decrement, CommandValue.FromNumber(step));

    /// <summary><c>&lt; SET x NAME TOGGLE &gt;</c>.</summary>
    public static CommandString Toggle(int channel, string name) => Create(CommandKind.Set, channel, name, null, SetOperation.Toggle, default);

    /// <summary><c>&lt; REP NAME value &gt;</c>.</summary>
    public static CommandString Report(string name, CommandValue value) => Create(CommandKind.Report, null, name, null, SetOperation.Assign, value);

    /// <summary><c>&lt; REP x NAME value &gt;</c>.</summary>
    public static CommandString Report(int channel, string name, CommandValue value) => Create(CommandKind.Report, channel, name, null, SetOperation.Assign, value);

    /// <summary><c>&lt; REP x NAME i value &gt;</c> (PEQ).</summary>
    public static CommandString Report(int channel, string name, int index, CommandValue value) => Create(CommandKind.Report, channel, name, index, SetOperation.Assign, value);

    /// <summary><c>&lt; SAMPLE aaa bbb … &gt;</c>.</summary>
    /// <exception cref="ArgumentException">No levels, too many, or a negative level.</exception>
    public static CommandString Sample(params int[] levels)
    {
        Guard.NotNull(levels, nameof(levels));
        if (levels.Length is 0 or > CommandStringParser.MaxSampleFields)
        {
            throw new ArgumentException($"A SAMPLE line has 1 to {CommandStringParser.MaxSampleFields} fields.", nameof(levels));
        }

        foreach (var level in levels)
        {
            if (level < 0)
            {
                throw new ArgumentException("SAMPLE levels are unsigned.", nameof(levels));
            }
        }

        return new CommandString(CommandKind.Sample, null, Tokens.Sample, null, SetOperation.Assign, default, (int[])levels.Clone());
    }

    /// <inheritdoc />
    public bool Equals(CommandString? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return Kind == other.Kind
            && Channel == other.Channel
            && string.Equals(Name, other.Name, StringComparison.Ordinal)
            && Index == other.Index
            && Operation == other.Operation
            && Value.Equals(other.Value)
            && LevelsArray.AsSpan().SequenceEqual(other.LevelsArray);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CommandString);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = ((int)Kind * 31) + (Channel ?? -1);
        hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(Name);
        hash = (hash * 31) + (Index ?? -1);
        hash = (hash * 31) + (int)Operation;
        hash = (hash * 31) + Value.GetHashCode();
        foreach (var level in LevelsArray)
        {
            hash = (hash * 31) + level;
        }

        return hash;
    }

    /// <summary>Compares two frames.</summary>
    public static bool operator ==(CommandString? left, CommandString? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two frames.</summary>
    public static bool operator !=(CommandString? left, CommandString? right) => !(left == right);

    /// <summary>A readable rendering without padding, e.g. <c>&lt; REP 1 CHAN_NAME {Output 1} &gt;</c>. Use <see cref="CommandStringFormatter"/> for wire bytes.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("< ");
        switch (Kind)
        {
            case CommandKind.Error:
                return "< REP ERR >";
            case CommandKind.Sample:
                sb.Append(Tokens.Sample);
                foreach (var level in LevelsArray)
                {
                    sb.Append(' ').Append(level.ToString(CultureInfo.InvariantCulture));
                }

                return sb.Append(" >").ToString();
            case CommandKind.Get:
                sb.Append(Tokens.Get);
                break;
            case CommandKind.Set:
                sb.Append(Tokens.Set);
                break;
            default:
                sb.Append(Tokens.Rep);
                break;
        }

        if (Channel is { } channel)
        {
            sb.Append(' ').Append(channel.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append(' ').Append(Name);
        if (Index is { } index)
        {
            sb.Append(' ').Append(index.ToString(CultureInfo.InvariantCulture));
        }

        switch (Operation)
        {
            case SetOperation.Increment:
                sb.Append(" INC");
                break;
            case SetOperation.Decrement:
                sb.Append(" DEC");
                break;
            case SetOperation.Toggle:
                sb.Append(" TOGGLE");
                break;
        }

        if (!Value.IsNone)
        {
            sb.Append(' ').Append(Value.ToString());
        }

        return sb.Append(" >").ToString();
    }

    private static CommandString Create(CommandKind kind, int? channel, string name, int? index, SetOperation operation, CommandValue value)
    {
        Guard.NotNull(name, nameof(name));
        if (!AsciiChars.IsName(name.AsSpan()) || name.Length > CommandStringParser.MaxNameLength)
        {
            throw new ArgumentException(
                $"'{AsciiChars.Printable(name)}' is not a parameter name: use upper-case A-Z, 0-9 and _, starting with a letter.",
                nameof(name));
        }

        if (kind == CommandKind.Report && string.Equals(name, Tokens.Err, StringComparison.Ordinal))
        {
            throw new ArgumentException("Use CommandString.Error for < REP ERR >.", nameof(name));
        }

        if (channel is { } c)
        {
            Guard.InRange(c, 0, 99, nameof(channel));
        }

        if (index is { } i)
        {
            Guard.InRange(i, 0, 99, nameof(index));
        }

        return new CommandString(kind, channel, name, index, operation, value, null);
    }
}
