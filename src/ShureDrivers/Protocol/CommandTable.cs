using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading;
using ShureDrivers.Internal;

namespace ShureDrivers.Protocol;

/// <summary>
/// A device model's command table: the parameters it understands, the ones it is known to lack, and its SAMPLE
/// layout. Validates frames against the table so that the driver refuses bad requests before sending and the
/// simulator rejects them as the device would.
/// </summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
public sealed class CommandTable
{
    private const int MaxBucketedNameLength = 64;

    private readonly Dictionary<string, ParameterDefinition> _byName;
    private readonly ParameterDefinition[]?[] _byLength = new ParameterDefinition[]?[MaxBucketedNameLength + 1];
    private CommandStringParser? _parser;

    /// <summary>Creates a table.</summary>
    /// <param name="model">The model the table describes.</param>
    /// <param name="channelCount">Number of channels (1..n; 0 means all in GET).</param>
    /// <param name="parameters">The rows. Names must be unique.</param>
    /// <param name="unsupportedParameters">Names of sibling-model parameters this model lacks, with where they exist.</param>
    /// <param name="sampleFieldCount">Fields in a SAMPLE line.</param>
    /// <param name="sampleRange">Range of each SAMPLE field.</param>
    /// <param name="sampleWidth">Digits of each SAMPLE field.</param>
    /// <exception cref="ArgumentException">A name is missing, malformed or repeated.</exception>
    public CommandTable(
        string model,
        int channelCount,
        IEnumerable<ParameterDefinition> parameters,
        IReadOnlyDictionary<string, string> unsupportedParameters,
        int sampleFieldCount,
        ValueRange sampleRange,
        int sampleWidth)
    {
        Model = Guard.NotNull(model, nameof(model));
        ChannelCount = Guard.InRange(channelCount, 1, 99, nameof(channelCount));
        SampleFieldCount = Guard.InRange(sampleFieldCount, 1, CommandStringParser.MaxSampleFields, nameof(sampleFieldCount));
        SampleRange = sampleRange;
        SampleWidth = Guard.InRange(sampleWidth, 1, 9, nameof(sampleWidth));
        Guard.NotNull(parameters, nameof(parameters));
        Guard.NotNull(unsupportedParameters, nameof(unsupportedParameters));

        var list = new List<ParameterDefinition>();
        _byName = new Dictionary<string, ParameterDefinition>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            Guard.NotNull(p, nameof(parameters));
            if (!AsciiChars.IsName(p.Name.AsSpan()) || p.Name.Length > MaxBucketedNameLength)
            {
                throw new ArgumentException($"'{AsciiChars.Printable(p.Name)}' is not a valid parameter name.", nameof(parameters));
            }

            if (_byName.ContainsKey(p.Name))
            {
                throw new ArgumentException($"Parameter {p.Name} is listed twice.", nameof(parameters));
            }

            _byName.Add(p.Name, p);
            list.Add(p);
            var bucket = _byLength[p.Name.Length];
            Array.Resize(ref bucket, (bucket?.Length ?? 0) + 1);
            bucket[bucket.Length - 1] = p;
            _byLength[p.Name.Length] = bucket;
        }

        Parameters = new ReadOnlyCollection<ParameterDefinition>(list);
        UnsupportedParameters = new ReadOnlyDictionary<string, string>(
            new Dictionary<string, string>(unsupportedParameters.ToDictionarySafe(), StringComparer.Ordinal));
    }

    /// <summary>The model the table describes.</summary>
    public string Model { get; }

    /// <summary>Number of channels; channel numbers run 1..<see cref="ChannelCount"/>, and 0 means all in GET.</summary>
    public int ChannelCount { get; }

    /// <summary>Every row, in table order.</summary>
    public IReadOnlyList<ParameterDefinition> Parameters { get; }

    /// <summary>Parameters of sibling models that this model lacks (name → where it exists). The device answers them with <c>REP ERR</c>.</summary>
    public IReadOnlyDictionary<string, string> UnsupportedParameters { get; }

    /// <summary>Fields in a SAMPLE line.</summary>
    public int SampleFieldCount { get; }

    /// <summary>Range of each SAMPLE field.</summary>
    public ValueRange SampleRange { get; }

    /// <summary>Digits of each SAMPLE field.</summary>
    public int SampleWidth { get; }

    /// <summary>Finds a row by name (exact, upper case).</summary>
    public bool TryGetParameter(string name, [NotNullWhen(true)] out ParameterDefinition? parameter)
    {
        Guard.NotNull(name, nameof(name));
        return _byName.TryGetValue(name, out parameter);
    }

    /// <summary>
    /// The parser for this table, built once and shared (it is immutable): every session used to build its own, a
    /// token list and its bytes per device.
    /// </summary>
    internal CommandStringParser Parser => Volatile.Read(ref _parser) ?? Interlocked.CompareExchange(ref _parser, new CommandStringParser(this), null) ?? _parser!;

    /// <summary>Finds a row by its ASCII name bytes without allocating.</summary>
    internal bool TryGetParameter(ReadOnlySpan<byte> name, [NotNullWhen(true)] out ParameterDefinition? parameter)
    {
        if (name.Length <= MaxBucketedNameLength && _byLength[name.Length] is { } bucket)
        {
            foreach (var p in bucket)
            {
                if (name.SequenceEqual(p.NameBytes))
                {
                    parameter = p;
                    return true;
                }
            }
        }

        parameter = null;
        return false;
    }

    /// <summary>Checks a frame against the table: GET and SET as the device would accept them, REP and SAMPLE as the device would send them.</summary>
    /// <param name="command">The frame.</param>
    /// <param name="error">Why the frame is invalid; null when it is valid.</param>
    /// <returns>True when the frame is valid for this model.</returns>
    public bool TryValidate(CommandString command, [NotNullWhen(false)] out string? error)
    {
        Guard.NotNull(command, nameof(command));
        error = command.Kind switch
        {
            CommandKind.Error => null,
            CommandKind.Sample => ValidateSample(command),
            _ => ValidateParameterFrame(command),
        };
        return error is null;
    }

    /// <summary>Checks a frame against the table and throws when it is invalid.</summary>
    /// <exception cref="ArgumentException">The frame is invalid for this model; the message says why.</exception>
    public void Validate(CommandString command)
    {
        if (!TryValidate(command, out var error))
        {
            throw new ArgumentException(error, nameof(command));
        }
    }

    private string? ValidateSample(CommandString command)
    {
        if (command.Levels.Count != SampleFieldCount)
        {
            return $"A {Model} SAMPLE line has {SampleFieldCount} fields, not {command.Levels.Count}.";
        }

        foreach (var level in command.Levels)
        {
            if (!SampleRange.Contains(level))
            {
                return $"SAMPLE level {level} is outside {SampleRange}.";
            }
        }

        return null;
    }

    private string? ValidateParameterFrame(CommandString command)
    {
        if (!_byName.TryGetValue(command.Name, out var p))
        {
            return UnsupportedParameters.TryGetValue(command.Name, out var where)
                ? $"{command.Name} is not a {Model} parameter (it exists on {where})."
                : $"{command.Name} is not a {Model} parameter.";
        }

        var isSet = command.Kind == CommandKind.Set;
        var isGet = command.Kind == CommandKind.Get;

        // Request form.
        if (isGet && (p.Access & ParameterAccess.Get) == 0)
        {
            return $"{p.Name} cannot be read with GET.";
        }

        if (isSet)
        {
            var needed = command.Operation switch
            {
                SetOperation.Increment or SetOperation.Decrement => ParameterAccess.IncrementDecrement,
                SetOperation.Toggle => ParameterAccess.Toggle,
                _ => ParameterAccess.Set,
            };
            if ((p.Access & needed) == 0)
            {
                return command.Operation == SetOperation.Assign
                    ? $"{p.Name} is read-only."
                    : $"{p.Name} does not support {command.Operation.ToString().ToUpperInvariant()}.";
            }
        }
        else if (command.Operation != SetOperation.Assign)
        {
            return $"{command.Operation.ToString().ToUpperInvariant()} is only valid in SET.";
        }

        // Channel.
        var channelError = ValidateAddress(
            command.Channel, p.Scope == ParameterScope.Device && !p.ChannelOptional ? null
                : isSet ? p.SetChannels : isGet ? p.GetChannels : ReportRange(p.GetChannels),
            p.ChannelOptional, "channel", p);
        if (channelError is not null)
        {
            return channelError;
        }

        var indexError = ValidateAddress(
            command.Index, isSet ? p.SetIndexes : isGet ? p.GetIndexes : ReportRange(p.GetIndexes), false, "index", p);
        if (indexError is not null)
        {
            return indexError;
        }

        // Value.
        if (isGet)
        {
            return command.Value.IsNone ? null : $"GET {p.Name} takes no value.";
        }

        if (command.Operation is SetOperation.Increment or SetOperation.Decrement)
        {
            return command.Value.TryGetNumber(out var step) && p.IsValidStep(step)
                ? null
                : $"{p.Name} steps must be numbers in {p.StepRange}{StepNote(p)}.";
        }

        if (command.Operation == SetOperation.Toggle)
        {
            return command.Value.IsNone ? null : "TOGGLE takes no value.";
        }

        return ValidateValue(p, command.Value, isSet);
    }

    private static string StepNote(ParameterDefinition p) =>
        p.ValueStep == 1 ? string.Empty : $" in steps of {p.ValueStep.ToString(CultureInfo.InvariantCulture)}";

    // Reports name real channels (1..n), never the 0 that means "all" in a GET.
    private static ValueRange? ReportRange(ValueRange? getRange) =>
        getRange is { } r ? new ValueRange(Math.Max(1, r.Min), Math.Max(1, r.Max)) : null;

    private static string? ValidateAddress(int? value, ValueRange? allowed, bool optional, string what, ParameterDefinition p)
    {
        if (allowed is null)
        {
            return value is null ? null : $"{p.Name} takes no {what}.";
        }

        if (value is null)
        {
            return optional ? null : $"{p.Name} needs a {what} ({allowed}).";
        }

        return allowed.Value.Contains(value.Value) ? null : $"{p.Name} {what} {value} is outside {allowed}.";
    }

    private static string? ValidateValue(ParameterDefinition p, CommandValue value, bool isSet)
    {
        switch (p.ValueKind)
        {
            case ParameterValueKind.None:
            case ParameterValueKind.Dump:
                return value.IsNone || !isSet ? null : $"{p.Name} takes no value.";
            case ParameterValueKind.Number:
                return value.TryGetNumber(out var n) && p.IsValidNumber(n, isSet)
                    ? null
                    : $"{p.Name} must be a number in {(isSet ? p.SetRange ?? p.Range : p.Range)}{StepNote(p)}{(p.AllowsZero ? " or 0" : string.Empty)}, not '{value}'.";
            case ParameterValueKind.Switch:
                return value.TryGetSwitch(out _) ? null : $"{p.Name} must be ON or OFF, not '{value}'.";
            case ParameterValueKind.Enumeration:
                if (value.Kind == CommandValueKind.Token)
                {
                    foreach (var token in p.Tokens)
                    {
                        if (string.Equals(token, value.Text, StringComparison.Ordinal))
                        {
                            return null;
                        }
                    }
                }

                return $"{p.Name} must be one of {string.Join(", ", p.Tokens)}, not '{value}'.";
            case ParameterValueKind.Token:
                return value.Kind == CommandValueKind.Token ? null : $"{p.Name} must be a token, not '{value}'.";
            case ParameterValueKind.MacAddress:
                return value.Kind == CommandValueKind.Token && MacAddressText.IsValid(value.Text!)
                    ? null
                    : $"{p.Name} must be a MAC address xx:xx:xx:xx:xx:xx, not '{value}'.";
            case ParameterValueKind.Text:
                if (value.Kind != CommandValueKind.Text)
                {
                    return $"{p.Name} must be a braced text, not '{value}'.";
                }

                return value.Text!.Length <= p.Width
                    ? null
                    : $"{p.Name} holds at most {p.Width.ToString(CultureInfo.InvariantCulture)} characters, not {value.Text.Length.ToString(CultureInfo.InvariantCulture)}.";
            default:
                return $"{p.Name} has an unknown value kind.";
        }
    }
}
