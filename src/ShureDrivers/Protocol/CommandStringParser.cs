using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using ShureDrivers.Internal;

namespace ShureDrivers.Protocol;

/// <summary>
/// Reads command-string frames. Tolerant in what it accepts: 1- or 2-digit channels, braced values with spaces and
/// padding, lower-case keywords, runs of spaces, CR/LF around the frame. <c>TryParse</c> never throws on any input.
/// </summary>
/// <remarks>
/// The parser checks syntax; <see cref="CommandTable.TryValidate"/> checks meaning. The table is also used to
/// recognise indexed parameters (PEQ) and to reuse parameter names and tokens instead of allocating them.
/// Immutable and safe to share between threads.
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
        var tokens = new List<string> { Tokens.On, Tokens.Off, Tokens.Toggle };
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
    public static CommandStringParser Ani4Out { get; } = new(Ani4OutCommandTable.Table);

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

    /// <summary>Parses one frame: <c>&lt;</c>, the body, <c>&gt;</c>, optionally surrounded by whitespace.</summary>
    public bool TryParse(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out CommandString? command)
    {
        command = null;
        if (!TryGetBody(frame, out var body))
        {
            return false;
        }

        var cursor = new Cursor(body);
        var kindToken = cursor.NextToken();
        CommandKind kind;
        if (EqualsIgnoreCase(kindToken, "REP"))
        {
            kind = CommandKind.Report;
        }
        else if (EqualsIgnoreCase(kindToken, "GET"))
        {
            kind = CommandKind.Get;
        }
        else if (EqualsIgnoreCase(kindToken, "SET"))
        {
            kind = CommandKind.Set;
        }
        else if (EqualsIgnoreCase(kindToken, "SAMPLE"))
        {
            return TryParseSampleFields(ref cursor, out command);
        }
        else
        {
            return false;
        }

        var token = cursor.NextToken();
        int? channel = null;
        if (TryParseSmallNumber(token, out var ch))
        {
            channel = ch;
            token = cursor.NextToken();
        }

        if (!TryReadName(token, out var name, out var parameter))
        {
            return false;
        }

        if (kind == CommandKind.Report && string.Equals(name, Tokens.Err, StringComparison.Ordinal))
        {
            if (!cursor.Rest().IsEmpty)
            {
                return false;
            }

            command = CommandString.Error;
            return true;
        }

        int? index = null;
        if (parameter?.GetIndexes is not null && TryParseSmallNumber(cursor.PeekToken(), out var ix))
        {
            cursor.NextToken();
            index = ix;
        }

        if (!TryReadValue(kind, cursor.Rest(), out var operation, out var value))
        {
            return false;
        }

        command = new CommandString(kind, channel, name, index, operation, value, null);
        return true;
    }

    /// <summary>
    /// Reads a SAMPLE line without allocating. Returns false when the frame is not a well-formed SAMPLE line or has
    /// more fields than <paramref name="levels"/> holds.
    /// </summary>
    /// <param name="frame">The frame bytes.</param>
    /// <param name="levels">Receives the fields, in order.</param>
    /// <param name="count">The number of fields read.</param>
    public static bool TryParseSample(ReadOnlySpan<byte> frame, Span<int> levels, out int count)
    {
        count = 0;
        if (!TryGetBody(frame, out var body))
        {
            return false;
        }

        var cursor = new Cursor(body);
        if (!EqualsIgnoreCase(cursor.NextToken(), "SAMPLE"))
        {
            return false;
        }

        while (true)
        {
            var token = cursor.NextToken();
            if (token.IsEmpty)
            {
                return count > 0;
            }

            if (count == levels.Length || !TryParseNumber(token, out var level))
            {
                count = 0;
                return false;
            }

            levels[count++] = level;
        }
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

    private static bool TryParseSampleFields(ref Cursor cursor, out CommandString? command)
    {
        command = null;
        Span<int> levels = stackalloc int[MaxSampleFields];
        var count = 0;
        for (var token = cursor.NextToken(); !token.IsEmpty; token = cursor.NextToken())
        {
            if (count == MaxSampleFields || !TryParseNumber(token, out var level))
            {
                return false;
            }

            levels[count++] = level;
        }

        if (count == 0)
        {
            return false;
        }

        command = new CommandString(CommandKind.Sample, null, Tokens.Sample, null, SetOperation.Assign, default, levels.Slice(0, count).ToArray());
        return true;
    }

    private bool TryReadName(ReadOnlySpan<byte> token, [NotNullWhen(true)] out string? name, out ParameterDefinition? parameter)
    {
        name = null;
        parameter = null;
        if (token.IsEmpty || token.Length > MaxNameLength || !IsLetter(token[0]))
        {
            return false;
        }

        Span<byte> upper = stackalloc byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            var b = token[i];
            if (!IsLetter(b) && !AsciiChars.IsDigit(b) && b != (byte)'_')
            {
                return false;
            }

            upper[i] = ToUpper(b);
        }

        if (Table.TryGetParameter(upper, out parameter))
        {
            name = parameter.Name;
        }
        else
        {
            name = upper.SequenceEqual("ERR"u8) ? Tokens.Err : AsciiString(upper);
        }

        return true;
    }

    private bool TryReadValue(CommandKind kind, ReadOnlySpan<byte> rest, out SetOperation operation, out CommandValue value)
    {
        operation = SetOperation.Assign;
        value = default;
        if (rest.IsEmpty)
        {
            return true;
        }

        if (rest[0] == (byte)'{')
        {
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

            var content = rest.Slice(1, close - 1);
            var contentEnd = content.Length;
            while (contentEnd > 0 && content[contentEnd - 1] == (byte)' ')
            {
                contentEnd--;
            }

            value = CommandValue.FromText(DecodeText(content.Slice(0, contentEnd)));
            return true;
        }

        foreach (var b in rest)
        {
            if (b is < 0x20 or > 0x7E or (byte)'<' or (byte)'>' or (byte)'{' or (byte)'}')
            {
                return false;
            }
        }

        if (kind == CommandKind.Set)
        {
            var cursor = new Cursor(rest);
            var first = cursor.NextToken();
            var isInc = EqualsIgnoreCase(first, "INC");
            if (isInc || EqualsIgnoreCase(first, "DEC"))
            {
                if (!TryParseNumber(cursor.NextToken(), out var step) || !cursor.Rest().IsEmpty)
                {
                    return false;
                }

                operation = isInc ? SetOperation.Increment : SetOperation.Decrement;
                value = CommandValue.FromNumber(step);
                return true;
            }

            if (EqualsIgnoreCase(first, "TOGGLE") && cursor.Rest().IsEmpty)
            {
                operation = SetOperation.Toggle;
                return true;
            }
        }

        if (TryParseNumber(rest, out var number))
        {
            value = CommandValue.FromNumber(number);
            return true;
        }

        value = CommandValue.TokenUnchecked(InternToken(rest));
        return true;
    }

    private string InternToken(ReadOnlySpan<byte> token)
    {
        Span<byte> upper = token.Length <= 256 ? stackalloc byte[token.Length] : new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            upper[i] = ToUpper(token[i]);
        }

        for (var i = 0; i < _tokenBytes.Length; i++)
        {
            if (upper.SequenceEqual(_tokenBytes[i]))
            {
                return _tokens[i];
            }
        }

        return AsciiString(upper);
    }

    private static string DecodeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        // The device speaks 7-bit ASCII; anything else is decoded leniently and control characters are replaced,
        // so a name can never carry a line break into a log or a second frame.
        var text = Utf8(bytes);
        if (text.IndexOfAny(ControlChars) < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    private static readonly char[] ControlChars = BuildControlChars();

    private static char[] BuildControlChars()
    {
        var list = new List<char>();
        for (var c = '\0'; c < ' '; c++)
        {
            list.Add(c);
        }

        list.Add('\u007F');
        for (var c = '\u0080'; c <= '\u009F'; c++)
        {
            list.Add(c);
        }

        return list.ToArray();
    }

    private static unsafe string Utf8(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            return Encoding.UTF8.GetString(p, bytes.Length);
        }
    }

    private static unsafe string AsciiString(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            return Encoding.ASCII.GetString(p, bytes.Length);
        }
    }

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
            if (!AsciiChars.IsDigit(b))
            {
                value = 0;
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    private static bool IsLetter(byte b) => b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z';

    private static byte ToUpper(byte b) => b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> token, string keyword)
    {
        if (token.Length != keyword.Length)
        {
            return false;
        }

        for (var i = 0; i < token.Length; i++)
        {
            if (ToUpper(token[i]) != keyword[i])
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

        private void SkipSpaces()
        {
            while (_position < _body.Length && IsSeparator(_body[_position]))
            {
                _position++;
            }
        }

        private static bool IsSeparator(byte b) => b is (byte)' ' or (byte)'\t';
    }
}
