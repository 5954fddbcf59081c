using System;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using ShureDrivers.Internal;

namespace ShureDrivers.Protocol;

/// <summary>
/// A parsed frame that still points into the receive buffer: nothing is allocated until you ask for a string. The
/// read loop parses every frame in place (SAMPLE lines never leave it) and copies out only the reports it keeps
/// (<see cref="ToCommandString"/>).
/// </summary>
/// <remarks>Valid only while the buffer it was parsed from is; call <see cref="ToCommandString"/> to keep it.</remarks>
internal readonly ref struct CommandFrame
{
    private readonly ReadOnlySpan<byte> _name;
    private readonly ReadOnlySpan<byte> _value;
    private readonly string? _internedToken;

    internal CommandFrame(
        CommandKind kind,
        int channel,
        ReadOnlySpan<byte> name,
        ParameterDefinition? parameter,
        int index,
        SetOperation operation,
        CommandValueKind valueKind,
        int number,
        ReadOnlySpan<byte> value,
        string? internedToken)
    {
        Kind = kind;
        ChannelOrMinusOne = channel;
        _name = name;
        Parameter = parameter;
        IndexOrMinusOne = index;
        Operation = operation;
        ValueKind = valueKind;
        NumberOrZero = number;
        _value = value;
        _internedToken = internedToken;
    }

    /// <summary>The frame's form.</summary>
    public CommandKind Kind { get; }

    /// <summary>The channel, or null for a device-level frame.</summary>
    public int? Channel => ChannelOrMinusOne < 0 ? null : ChannelOrMinusOne;

    /// <summary>The index after the name (PEQ filter), or null.</summary>
    public int? Index => IndexOrMinusOne < 0 ? null : IndexOrMinusOne;

    /// <summary>The table row for the parameter, or null when the table does not know the name.</summary>
    public ParameterDefinition? Parameter { get; }

    /// <summary>How a SET changes its value.</summary>
    public SetOperation Operation { get; }

    /// <summary>The kind of value.</summary>
    public CommandValueKind ValueKind { get; }

    /// <summary>The number, for number values (and INC/DEC steps); otherwise 0.</summary>
    public int NumberOrZero { get; }

    /// <summary>The raw bytes of a token, of a text (without braces and padding), or of the SAMPLE fields.</summary>
    public ReadOnlySpan<byte> ValueBytes => _value;

    /// <summary>The parameter name bytes as received (case as sent).</summary>
    public ReadOnlySpan<byte> NameBytes => _name;

    internal int ChannelOrMinusOne { get; }

    internal int IndexOrMinusOne { get; }

    /// <summary>The parameter name, upper case; the table's own string when the table knows it (no allocation).</summary>
    public string GetName()
    {
        if (Parameter is not null)
        {
            return Parameter.Name;
        }

        return Kind switch
        {
            CommandKind.Error => Tokens.Err,
            CommandKind.Sample => Tokens.Sample,
            _ => AsciiText.UpperString(_name),
        };
    }

    /// <summary>True when a text or token value equals <paramref name="text"/> (ordinal), without allocating.</summary>
    public bool ValueEquals(string? text)
    {
        if (text is null || text.Length != _value.Length)
        {
            return false;
        }

        for (var i = 0; i < _value.Length; i++)
        {
            var b = _value[i];
            if (ValueKind == CommandValueKind.Token && b is >= (byte)'a' and <= (byte)'z')
            {
                b -= 32;
            }

            if (b != text[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value; allocates a string for texts and for tokens the table does not list.</summary>
    public CommandValue GetValue() => ValueKind switch
    {
        CommandValueKind.Number => CommandValue.FromNumber(NumberOrZero),
        CommandValueKind.Token => CommandValue.TokenUnchecked(_internedToken ?? AsciiText.UpperString(_value)),
        CommandValueKind.Text => CommandValue.FromText(AsciiText.DecodeText(_value)),
        _ => CommandValue.None,
    };

    /// <summary>Reads the SAMPLE fields into <paramref name="levels"/>, checking them: the parser leaves that to this one pass.</summary>
    /// <returns>False when this is not a SAMPLE frame, a field is not 1..9 digits, or <paramref name="levels"/> is too short.</returns>
    public bool TryGetLevels(Span<int> levels, out int count) =>
        CommandStringParser.TryReadSampleFields(Kind == CommandKind.Sample ? _value : default, levels, out count);

    /// <summary>A <see cref="CommandString"/> that owns its data.</summary>
    /// <exception cref="FormatException">A SAMPLE frame whose fields are malformed.</exception>
    public CommandString ToCommandString() =>
        TryToCommandString(out var command) ? command : throw new FormatException("The SAMPLE fields are malformed.");

    /// <summary>A <see cref="CommandString"/> that owns its data; false for a SAMPLE frame whose fields are malformed.</summary>
    public bool TryToCommandString([NotNullWhen(true)] out CommandString? command)
    {
        switch (Kind)
        {
            case CommandKind.Error:
                command = CommandString.Error;
                return true;
            case CommandKind.Sample:
                Span<int> levels = stackalloc int[CommandStringParser.MaxSampleFields];
                command = TryGetLevels(levels, out var count)
                    ? new CommandString(CommandKind.Sample, null, Tokens.Sample, null, SetOperation.Assign, default, levels.Slice(0, count).ToArray())
                    : null;
                return command is not null;
            default:
                command = new CommandString(Kind, Channel, GetName(), Index, Operation, GetValue(), null);
                return true;
        }
    }
}
