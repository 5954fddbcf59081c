using System;
using System.Globalization;
using System.Text;
using ShureDrivers.Internal;

namespace ShureDrivers.Protocol;

/// <summary>
/// Writes the exact wire form of a frame: single-digit channels (two for the PEQ block), numbers zero-padded to the
/// table's width (gain 4 digits, meter rate 5, preset 2, levels 3), tokens upper case, texts in braces and
/// space-padded to the table's width in reports only. No line terminator is added.
/// </summary>
/// <remarks>
/// Refuses with <see cref="ArgumentException"/>, producing nothing, any value that could break framing or inject a
/// second command: <c>&lt;</c>, <c>&gt;</c>, <c>{</c>, <c>}</c>, control characters, non-ASCII, and over-long texts or
/// numbers. It does not check meaning (ranges, read-only parameters): that is <see cref="CommandTable.TryValidate"/>.
/// Immutable and safe to share between threads.
/// </remarks>
public sealed class CommandStringFormatter
{
    /// <summary>Longest text accepted for a parameter the table does not know.</summary>
    public const int MaxUnknownTextLength = 128;

    /// <summary>Longest frame the formatter writes, in bytes.</summary>
    public const int MaxFormattedLength = 512;

    /// <summary>Creates a formatter for a device model.</summary>
    public CommandStringFormatter(CommandTable table) => Table = Guard.NotNull(table, nameof(table));

    /// <summary>The formatter for the ANI4OUT.</summary>
    public static CommandStringFormatter Ani4Out { get; } = new(Ani4OutCommandTable.Table);

    /// <summary>The command table that gives widths and digits.</summary>
    public CommandTable Table { get; }

    /// <summary>The wire form as a string.</summary>
    /// <exception cref="ArgumentException">The frame cannot be written safely; nothing is produced.</exception>
    public string Format(CommandString command)
    {
        Span<byte> buffer = stackalloc byte[MaxFormattedLength];
        var length = Write(command, buffer);
        return AsciiString(buffer.Slice(0, length));
    }

    /// <summary>The wire form as ASCII bytes.</summary>
    /// <exception cref="ArgumentException">The frame cannot be written safely; nothing is produced.</exception>
    public byte[] FormatBytes(CommandString command)
    {
        Span<byte> buffer = stackalloc byte[MaxFormattedLength];
        var length = Write(command, buffer);
        return buffer.Slice(0, length).ToArray();
    }

    /// <summary>Writes the wire form into <paramref name="destination"/>.</summary>
    /// <returns>False, writing nothing, when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="ArgumentException">The frame cannot be written safely; nothing is written.</exception>
    public bool TryFormat(CommandString command, Span<byte> destination, out int bytesWritten)
    {
        Span<byte> buffer = stackalloc byte[MaxFormattedLength];
        var length = Write(command, buffer);
        if (length > destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        buffer.Slice(0, length).CopyTo(destination);
        bytesWritten = length;
        return true;
    }

    private int Write(CommandString command, Span<byte> buffer)
    {
        Guard.NotNull(command, nameof(command));
        var w = new Writer(buffer);
        w.Append("< ");
        switch (command.Kind)
        {
            case CommandKind.Error:
                w.Append("REP ERR >");
                return w.Length;
            case CommandKind.Sample:
                w.Append(Tokens.Sample);
                foreach (var level in command.LevelsArray)
                {
                    w.Append(' ');
                    WriteNumber(ref w, level, Table.SampleWidth, "SAMPLE level");
                }

                w.Append(" >");
                return w.Length;
            case CommandKind.Get:
                w.Append(Tokens.Get);
                break;
            case CommandKind.Set:
                w.Append(Tokens.Set);
                break;
            default:
                w.Append(Tokens.Rep);
                break;
        }

        if (!AsciiChars.IsName(command.Name.AsSpan()) || command.Name.Length > CommandStringParser.MaxNameLength)
        {
            throw new ArgumentException($"'{AsciiChars.Printable(command.Name)}' is not a parameter name.", nameof(command));
        }

        Table.TryGetParameter(command.Name, out var parameter);
        if (command.Channel is { } channel)
        {
            w.Append(' ');
            WriteNumber(ref w, channel, Math.Max(parameter?.ChannelDigits ?? 1, Digits(channel)), "channel");
        }

        w.Append(' ');
        w.Append(command.Name);
        if (command.Index is { } index)
        {
            w.Append(' ');
            WriteNumber(ref w, index, Math.Max(parameter?.IndexDigits ?? 2, Digits(index)), "index");
        }

        switch (command.Operation)
        {
            case SetOperation.Increment or SetOperation.Decrement:
                w.Append(command.Operation == SetOperation.Increment ? " INC " : " DEC ");
                WriteNumber(ref w, command.Value.TryGetNumber(out var step) ? step : throw new ArgumentException("INC and DEC need a number step.", nameof(command)), 0, "step");
                break;
            case SetOperation.Toggle:
                w.Append(" TOGGLE");
                break;
            default:
                WriteValue(ref w, command, parameter);
                break;
        }

        w.Append(" >");
        return w.Length;
    }

    private static void WriteValue(ref Writer w, CommandString command, ParameterDefinition? parameter)
    {
        var value = command.Value;
        switch (value.Kind)
        {
            case CommandValueKind.None:
                return;
            case CommandValueKind.Number:
                w.Append(' ');
                var width = parameter is { ValueKind: ParameterValueKind.Number } ? parameter.Width : 0;
                WriteNumber(ref w, value.Number, width, command.Name);
                return;
            case CommandValueKind.Token:
                if (!AsciiChars.IsToken(value.Text.AsSpan()))
                {
                    throw new ArgumentException(
                        $"'{AsciiChars.Printable(value.Text!)}' is not a token that can be sent: use upper-case A-Z, 0-9 and _ + / : . - only.",
                        nameof(command));
                }

                w.Append(' ');
                w.Append(value.Text!);
                return;
            default:
                var text = value.Text!;
                var bad = AsciiChars.IndexOfUnsafeTextChar(text.AsSpan());
                if (bad >= 0)
                {
                    throw new ArgumentException(
                        $"{command.Name} text has a character that cannot be sent ('{AsciiChars.Printable(text[bad].ToString())}' at {bad.ToString(CultureInfo.InvariantCulture)}): only printable ASCII without < > {{ }} is allowed.",
                        nameof(command));
                }

                var max = parameter is { ValueKind: ParameterValueKind.Text } ? parameter.Width : MaxUnknownTextLength;
                if (text.Length > max)
                {
                    throw new ArgumentException(
                        $"{command.Name} text is {text.Length.ToString(CultureInfo.InvariantCulture)} characters; at most {max.ToString(CultureInfo.InvariantCulture)} fit.",
                        nameof(command));
                }

                w.Append(" {");
                w.Append(text);

                // The device pads texts in its reports to the documented width; requests carry the text as it is.
                if (command.Kind == CommandKind.Report && parameter is { ValueKind: ParameterValueKind.Text })
                {
                    w.Pad(' ', max - text.Length);
                }

                w.Append('}');
                return;
        }
    }

    private static void WriteNumber(ref Writer w, int value, int width, string what)
    {
        var digits = Digits(value);
        if (value < 0 || (width > 0 && digits > width))
        {
            throw new ArgumentException(
                $"{what} value {value.ToString(CultureInfo.InvariantCulture)} does not fit in {width.ToString(CultureInfo.InvariantCulture)} digits.");
        }

        w.Pad('0', width - digits);
        w.AppendNumber(value, digits);
    }

    private static int Digits(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    private static unsafe string AsciiString(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            return Encoding.ASCII.GetString(p, bytes.Length);
        }
    }

    private ref struct Writer
    {
        private readonly Span<byte> _buffer;

        public Writer(Span<byte> buffer)
        {
            _buffer = buffer;
            Length = 0;
        }

        public int Length { get; private set; }

        public void Append(char c)
        {
            Ensure(1);
            _buffer[Length++] = (byte)c;
        }

        public void Append(string s)
        {
            Ensure(s.Length);
            foreach (var c in s)
            {
                _buffer[Length++] = (byte)c;
            }
        }

        public void Pad(char c, int count)
        {
            if (count <= 0)
            {
                return;
            }

            Ensure(count);
            _buffer.Slice(Length, count).Fill((byte)c);
            Length += count;
        }

        public void AppendNumber(int value, int digits)
        {
            Ensure(digits);
            for (var i = digits - 1; i >= 0; i--)
            {
                _buffer[Length + i] = (byte)('0' + (value % 10));
                value /= 10;
            }

            Length += digits;
        }

        private readonly void Ensure(int count)
        {
            if (Length + count > _buffer.Length)
            {
                throw new ArgumentException($"The frame is longer than {MaxFormattedLength.ToString(CultureInfo.InvariantCulture)} bytes.");
            }
        }
    }
}
