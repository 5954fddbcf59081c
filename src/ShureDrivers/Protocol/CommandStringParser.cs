using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using ShureDrivers.Internal;

namespace ShureDrivers.Protocol;

/// <summary>
/// Reads command-string frames. Tolerant in what it accepts: 1- or 2-digit channels, braced values with spaces and
/// padding, lower-case keywords, runs of spaces, CR/LF around the frame. <c>TryParse</c> never throws on any input.
/// </summary>
/// <remarks>
/// The parser checks syntax; <see cref="CommandTable.TryValidate"/> checks meaning. The table is used to recognise
/// indexed parameters (PEQ) and to reuse parameter names and tokens instead of allocating them.
/// <see cref="TryParseFrame"/> allocates nothing; <see cref="TryParse(ReadOnlySpan{byte}, out CommandString?)"/>
/// builds an owning <see cref="CommandString"/>. Immutable and safe to share between threads.
/// </remarks>
public sealed class CommandStringParser
{
    /// <summary>Longest parameter name accepted.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Most fields accepted in a SAMPLE line.</summary>
    public const int MaxSampleFields = 32;

    /// <summary>Longest frame accepted, in bytes; longer input is rejected without being read.</summary>
    public const int MaxFrameLength = 4096;

    private const int MaxNumberDigits = 9;

    private readonly byte[][] _tokenBytes;
    private readonly string[] _tokens;

    /// <summary>Creates a parser for a device model.</summary>
    public CommandStringParser(CommandTable table)
    {
        Table = Guard.NotNull(table, nameof(table));
        var tokens = new List<string> { Tokens.On, Tokens.Off };
        foreach (var p in table.Parameters)
        {
            foreach (var t in p.Tokens)
            {
                if (!tokens.Contains(t))
                {
                    tokens.Add(t);
                }
            }
        }

        _tokens = tokens.ToArray();
        _tokenBytes = Array.ConvertAll(_tokens, t => Encoding.ASCII.GetBytes(t));
    }

    /// <summary>The parser for the ANI4OUT.</summary>
    public static CommandStringParser Ani4Out => Ani4OutCommandTable.Table.Parser;

    /// <summary>The command table used to recognise parameters.</summary>
    public CommandTable Table { get; }

    /// <summary>Parses a frame given as text.</summary>
    /// <exception cref="FormatException">The text is not a command-string frame.</exception>
    public CommandString Parse(string frame)
    {
        Guard.NotNull(frame, nameof(frame));
        return TryParse(frame, out var command)
            ? command
            : throw new FormatException($"'{AsciiChars.Printable(frame)}' is not a command-string frame.");
    }

    /// <summary>Parses a frame given as text.</summary>
    public bool TryParse(string? frame, [NotNullWhen(true)] out CommandString? command)
    {
        command = null;
        if (frame is null || frame.Length > MaxFrameLength)
        {
            return false;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(frame.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(frame, 0, frame.Length, rented, 0);
            return TryParse(rented.AsSpan(0, length), out command);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses a frame delivered by <see cref="CommandStringFramer"/>.</summary>
    public bool TryParse(in ReadOnlySequence<byte> frame, [NotNullWhen(true)] out CommandString? command)
    {
        if (frame.IsSingleSegment)
        {
            return TryParse(SequenceFirstSpan(frame), out command);
        }

        command = null;
        if (frame.Length > MaxFrameLength)
        {
            return false;
        }

        Span<byte> copy = stackalloc byte[(int)frame.Length];
        frame.CopyTo(copy);
        return TryParse(copy, out command);
    }

    /// <summary>Parses one frame (<c>&lt;</c>, the body, <c>&gt;</c>, optionally surrounded by whitespace) into an owning <see cref="CommandString"/>.</summary>
    public bool TryParse(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out CommandString? command)
    {
        command = TryParseFrame(frame, out var parsed) && parsed.TryToCommandString(out var owned) ? owned : null;
        return command is not null;
    }

    /// <summary>Parses one frame into a view over <paramref name="frame"/>, allocating nothing.</summary>
    internal bool TryParseFrame(ReadOnlySpan<byte> frame, out CommandFrame result)
    {
        result = default;
        if (!TryGetBody(frame, out var body))
        {
            return false;
        }

        var cursor = new Cursor(body);
        var kindToken = cursor.NextToken();
        CommandKind kind;
        if (kindToken.Length == 3)
        {
            var k0 = ToUpper(kindToken[0]);
            var k1 = ToUpper(kindToken[1]);
            var k2 = ToUpper(kindToken[2]);
            if (k0 == 'R' && k1 == 'E' && k2 == 'P')
            {
                kind = CommandKind.Report;
            }
            else if (k1 == 'E' && k2 == 'T' && (k0 == 'G' || k0 == 'S'))
            {
                kind = k0 == 'G' ? CommandKind.Get : CommandKind.Set;
            }
            else
            {
                return false;
            }
        }
        else if (EqualsIgnoreCase(kindToken, "SAMPLE"u8))
        {
            // The fields are checked once, when they are read (TryGetLevels): a meter line is parsed in one pass.
            var fields = cursor.Rest();
            if (fields.IsEmpty)
            {
                return false;
            }

            result = new CommandFrame(CommandKind.Sample, -1, default, null, -1, SetOperation.Assign, CommandValueKind.None, 0, fields, null);
            return true;
        }
        else
        {
            return false;
        }

        var token = cursor.NextToken();
        var channel = -1;
        if (TryParseSmallNumber(token, out var ch))
        {
            channel = ch;
            token = cursor.NextToken();
        }

        if (!TryReadName(token, out var parameter, out var isErr))
        {
            return false;
        }

        if (isErr && kind == CommandKind.Report)
        {
            if (!cursor.Rest().IsEmpty)
            {
                return false;
            }

            result = new CommandFrame(CommandKind.Error, -1, token, null, -1, SetOperation.Assign, CommandValueKind.None, 0, default, null);
            return true;
        }

        var index = -1;
        if (parameter?.GetIndexes is not null && TryParseSmallNumber(cursor.PeekToken(), out var ix))
        {
            cursor.NextToken();
            index = ix;
        }

        var rest = cursor.Rest();
        var operation = SetOperation.Assign;
        var valueKind = CommandValueKind.None;
        var number = 0;
        var value = default(ReadOnlySpan<byte>);
        string? interned = null;
        if (!rest.IsEmpty)
        {
            if (rest[0] == (byte)'{')
            {
                if (!TryReadText(rest, out value))
                {
                    return false;
                }

                valueKind = CommandValueKind.Text;
            }
            else
            {
                if (!IsBareValue(rest))
                {
                    return false;
                }

                if (kind == CommandKind.Set && TryReadSetOperation(rest, out operation, out number))
                {
                    valueKind = operation == SetOperation.Toggle ? CommandValueKind.None : CommandValueKind.Number;
                }
                else if (operation == SetOperation.Increment || operation == SetOperation.Decrement)
                {
                    return false;
                }
                else if (TryParseNumber(rest, out number))
                {
                    valueKind = CommandValueKind.Number;
                }
                else
                {
                    valueKind = CommandValueKind.Token;
                    value = rest;
                    interned = FindToken(rest);
                }
            }
        }

        result = new CommandFrame(kind, channel, token, parameter, index, operation, valueKind, number, value, interned);
        return true;
    }

    /// <summary>
    /// Reads a SAMPLE line without allocating. Returns false when the frame is not a well-formed SAMPLE line or has
    /// more fields than <paramref name="levels"/> holds.
    /// </summary>
    /// <param name="frame">The frame bytes.</param>
    /// <param name="levels">Receives the fields, in order.</param>
    /// <param name="count">The number of fields read.</param>
    internal static bool TryParseSample(ReadOnlySpan<byte> frame, Span<int> levels, out int count)
    {
        count = 0;
        if (!TryGetBody(frame, out var body))
        {
            return false;
        }

        var cursor = new Cursor(body);
        return EqualsIgnoreCase(cursor.NextToken(), "SAMPLE"u8) && TryReadSampleFields(cursor.Rest(), levels, out count);
    }

    // Fields of 1..9 digits separated by spaces or tabs; false when malformed, empty or longer than levels. One pass,
    // one branch per byte in the common case (the JIT keeps a foreach over a span free of bounds checks).
    internal static bool TryReadSampleFields(ReadOnlySpan<byte> fields, Span<int> levels, out int count)
    {
        count = 0;
        var read = 0;
        var value = 0;
        var digits = 0;
        foreach (var b in fields)
        {
            var digit = (uint)(b - '0');
            if (digit <= 9)
            {
                value = (value * 10) + (int)digit;
                digits++;
                continue;
            }

            if (b is not ((byte)' ' or (byte)'\t'))
            {
                return false;
            }

            if (digits != 0)
            {
                // More than 9 digits could overflow, so such a field is refused, not trusted.
                if (digits > MaxNumberDigits || read == levels.Length)
                {
                    return false;
                }

                levels[read++] = value;
                value = 0;
                digits = 0;
            }
        }

        if (digits != 0)
        {
            if (digits > MaxNumberDigits || read == levels.Length)
            {
                return false;
            }

            levels[read++] = value;
        }

        count = read;
        return read > 0;
    }

    internal static ReadOnlySpan<byte> SequenceFirstSpan(in ReadOnlySequence<byte> sequence) =>
#if NETSTANDARD2_0
        sequence.First.Span;
#else
        sequence.FirstSpan;
#endif

    private static bool TryGetBody(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (frame.Length > MaxFrameLength)
        {
            return false;
        }

        // What the framer hands over: exactly '<' to '>'.
        if (frame.Length >= 2 && frame[0] == (byte)'<' && frame[frame.Length - 1] == (byte)'>')
        {
            body = frame.Slice(1, frame.Length - 2);
            return true;
        }

        var start = 0;
        var end = frame.Length;
        while (start < end && AsciiChars.IsWhitespace(frame[start]))
        {
            start++;
        }

        while (end > start && AsciiChars.IsWhitespace(frame[end - 1]))
        {
            end--;
        }

        if (end - start < 2 || frame[start] != (byte)'<' || frame[end - 1] != (byte)'>')
        {
            return false;
        }

        body = frame.Slice(start + 1, end - start - 2);
        return true;
    }

    private bool TryReadName(ReadOnlySpan<byte> token, out ParameterDefinition? parameter, out bool isErr)
    {
        parameter = null;
        isErr = false;
        if (token.IsEmpty || token.Length > MaxNameLength || !IsLetter(token[0]))
        {
            return false;
        }

        // One table read per byte: 0 not a name character, 1 upper case, digit or '_', 2 lower case.
        var classes = NameCharClasses;
        var seen = 0;
        foreach (var b in token)
        {
            var c = b < classes.Length ? classes[b] : 0;
            if (c == 0)
            {
                return false;
            }

            seen |= c;
        }

        var hasLower = (seen & 2) != 0;

        if (!hasLower)
        {
            Table.TryGetParameter(token, out parameter);
        }
        else
        {
            Span<byte> upper = stackalloc byte[token.Length];
            for (var i = 0; i < token.Length; i++)
            {
                upper[i] = ToUpper(token[i]);
            }

            Table.TryGetParameter(upper, out parameter);
        }

        isErr = parameter is null && EqualsIgnoreCase(token, "ERR"u8);
        return true;
    }

    // ASCII '0'..'9', 'A'..'Z' and '_' are 1, 'a'..'z' are 2, everything else 0 (static data: no allocation).
    private static ReadOnlySpan<byte> NameCharClasses =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
        0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
    ];

    private static bool TryReadText(ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> content)
    {
        content = default;
        var close = rest.LastIndexOf((byte)'}');
        if (close < 0)
        {
            return false;
        }

        for (var i = close + 1; i < rest.Length; i++)
        {
            if (!AsciiChars.IsWhitespace(rest[i]))
            {
                return false;
            }
        }

        // Texts are padded to their width with spaces (names to 31): trim them, vectorised where the runtime can.
        var inside = rest.Slice(1, close - 1);
#if NET8_0_OR_GREATER
        content = inside.Slice(0, inside.LastIndexOfAnyExcept((byte)' ') + 1);
#else
        var end = inside.Length;
        while (end > 0 && inside[end - 1] == (byte)' ')
        {
            end--;
        }

        content = inside.Slice(0, end);
#endif
        return true;
    }

    // A bare value may hold only printable ASCII, never a framing character.
    private static bool IsBareValue(ReadOnlySpan<byte> rest)
    {
        foreach (var b in rest)
        {
            if (b is < 0x20 or > 0x7E or (byte)'<' or (byte)'>' or (byte)'{' or (byte)'}')
            {
                return false;
            }
        }

        return true;
    }

    // INC n, DEC n or TOGGLE. Sets operation to Increment/Decrement even when the step is malformed, so the caller can refuse it.
    private static bool TryReadSetOperation(ReadOnlySpan<byte> rest, out SetOperation operation, out int step)
    {
        operation = SetOperation.Assign;
        step = 0;
        var cursor = new Cursor(rest);
        var first = cursor.NextToken();
        var isInc = EqualsIgnoreCase(first, "INC"u8);
        if (isInc || EqualsIgnoreCase(first, "DEC"u8))
        {
            operation = isInc ? SetOperation.Increment : SetOperation.Decrement;
            return TryParseNumber(cursor.NextToken(), out step) && cursor.Rest().IsEmpty;
        }

        if (EqualsIgnoreCase(first, "TOGGLE"u8) && cursor.Rest().IsEmpty)
        {
            operation = SetOperation.Toggle;
            return true;
        }

        return false;
    }

    private string? FindToken(ReadOnlySpan<byte> token)
    {
        for (var i = 0; i < _tokenBytes.Length; i++)
        {
            if (EqualsIgnoreCase(token, _tokenBytes[i]))
            {
                return _tokens[i];
            }
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParseSmallNumber(ReadOnlySpan<byte> token, out int value)
    {
        value = 0;
        return token.Length is 1 or 2 && TryParseNumber(token, out value);
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> token, out int value)
    {
        value = 0;
        if (token.IsEmpty || token.Length > MaxNumberDigits)
        {
            return false;
        }

        foreach (var b in token)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                value = 0;
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLetter(byte b) => b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte ToUpper(byte b) => b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> token, ReadOnlySpan<byte> upperKeyword)
    {
        if (token.Length != upperKeyword.Length)
        {
            return false;
        }

        for (var i = 0; i < token.Length; i++)
        {
            if (ToUpper(token[i]) != upperKeyword[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Walks the tokens of a frame body, treating any run of spaces or tabs as one separator.</summary>
    private ref struct Cursor
    {
        private readonly ReadOnlySpan<byte> _body;
        private int _position;

        public Cursor(ReadOnlySpan<byte> body)
        {
            _body = body;
            _position = 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<byte> NextToken()
        {
            SkipSpaces();
            var start = _position;
            while (_position < _body.Length && !IsSeparator(_body[_position]))
            {
                _position++;
            }

            return _body.Slice(start, _position - start);
        }

        public readonly ReadOnlySpan<byte> PeekToken()
        {
            var copy = this;
            return copy.NextToken();
        }

        /// <summary>What follows the current token, without leading or trailing whitespace.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<byte> Rest()
        {
            SkipSpaces();
            var end = _body.Length;
            while (end > _position && AsciiChars.IsWhitespace(_body[end - 1]))
            {
                end--;
            }

            return _body.Slice(_position, end - _position);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void SkipSpaces()
        {
            while (_position < _body.Length && IsSeparator(_body[_position]))
            {
                _position++;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsSeparator(byte b) => b is (byte)' ' or (byte)'\t';
    }
}
