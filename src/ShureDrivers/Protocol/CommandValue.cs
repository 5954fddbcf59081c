using System;
using System.Globalization;
using ShureDrivers.Internal;

namespace ShureDrivers.Protocol;

/// <summary>
/// The value carried by a command-string frame, without its wire padding: a number, a token or a text.
/// </summary>
/// <remarks>
/// The factories check what is cheap to check (non-negative numbers, token characters, text not null); whether a
/// value is safe to send is decided once, by <see cref="CommandStringFormatter"/>, which refuses anything that could
/// break framing.
/// </remarks>
public readonly struct CommandValue : IEquatable<CommandValue>
{
    private readonly string? _text;
    private readonly int _number;

    private CommandValue(CommandValueKind kind, int number, string? text)
    {
        Kind = kind;
        _number = number;
        _text = text;
    }

    /// <summary>No value.</summary>
    public static CommandValue None => default;

    /// <summary>The kind of value.</summary>
    public CommandValueKind Kind { get; }

    /// <summary>True when there is no value.</summary>
    public bool IsNone => Kind == CommandValueKind.None;

    /// <summary>The number, for <see cref="CommandValueKind.Number"/> values.</summary>
    /// <exception cref="InvalidOperationException">The value is not a number.</exception>
    public int Number => Kind == CommandValueKind.Number
        ? _number
        : throw new InvalidOperationException($"The value is a {Kind}, not a number.");

    /// <summary>The token or text, for <see cref="CommandValueKind.Token"/> and <see cref="CommandValueKind.Text"/> values; otherwise null.</summary>
    public string? Text => _text;

    /// <summary>A number value. Numbers on the wire are unsigned.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public static CommandValue FromNumber(int value)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Command-string numbers are unsigned.");
        }

        return new CommandValue(CommandValueKind.Number, value, null);
    }

    /// <summary>A token value such as <c>ON</c> or <c>LINE_LVL</c>.</summary>
    /// <exception cref="ArgumentException">The token is empty or has a character other than A–Z, 0–9, <c>_ + / : . -</c>.</exception>
    public static CommandValue FromToken(string token)
    {
        Guard.NotNull(token, nameof(token));
        if (!AsciiChars.IsToken(token.AsSpan()))
        {
            throw new ArgumentException(
                $"'{AsciiChars.Printable(token)}' is not a valid token: use upper-case A-Z, 0-9 and _ + / : . - only.",
                nameof(token));
        }

        return new CommandValue(CommandValueKind.Token, 0, token);
    }

    /// <summary>A text value, sent in braces. The formatter checks its characters and length.</summary>
    public static CommandValue FromText(string text)
    {
        Guard.NotNull(text, nameof(text));
        return new CommandValue(CommandValueKind.Text, 0, text);
    }

    /// <summary>
    /// True when <paramref name="text"/> may go inside braces: printable ASCII without the framing characters
    /// <c>&lt; &gt; { }</c>. The formatter refuses anything else, so nothing sent can inject a second command.
    /// </summary>
    public static bool IsSafeText(string text) => AsciiChars.IndexOfUnsafeTextChar(Guard.NotNull(text, nameof(text)).AsSpan()) < 0;

    /// <summary>The switch token <c>ON</c> or <c>OFF</c>.</summary>
    public static CommandValue FromSwitch(bool on) => new(CommandValueKind.Token, 0, on ? Tokens.On : Tokens.Off);

    internal static CommandValue TokenUnchecked(string token) => new(CommandValueKind.Token, 0, token);

    /// <summary>Gets the number, if this is a number value.</summary>
    public bool TryGetNumber(out int value)
    {
        value = _number;
        return Kind == CommandValueKind.Number;
    }

    /// <summary>Gets the switch state, if this is the token <c>ON</c> or <c>OFF</c>.</summary>
    public bool TryGetSwitch(out bool on)
    {
        on = Kind == CommandValueKind.Token && string.Equals(_text, Tokens.On, StringComparison.Ordinal);
        return Kind == CommandValueKind.Token
            && (on || string.Equals(_text, Tokens.Off, StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public bool Equals(CommandValue other) =>
        Kind == other.Kind && _number == other._number && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CommandValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() =>
        ((int)Kind * 397) ^ _number ^ (_text is null ? 0 : StringComparer.Ordinal.GetHashCode(_text));

    /// <summary>Compares two values.</summary>
    public static bool operator ==(CommandValue left, CommandValue right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    public static bool operator !=(CommandValue left, CommandValue right) => !left.Equals(right);

    /// <summary>The value as it reads in a frame, without padding: <c>35</c>, <c>ON</c>, <c>{Lecture}</c>.</summary>
    public override string ToString() => Kind switch
    {
        CommandValueKind.Number => _number.ToString(CultureInfo.InvariantCulture),
        CommandValueKind.Token => _text!,
        CommandValueKind.Text => "{" + _text + "}",
        _ => string.Empty,
    };
}
