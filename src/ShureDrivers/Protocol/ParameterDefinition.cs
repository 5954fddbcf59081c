using System;
using System.Collections.Generic;
using System.Text;

namespace ShureDrivers.Protocol;

/// <summary>
/// One row of a device's command table: a parameter's name, scope, value format and the request forms it supports.
/// The driver validates and formats with it, and the simulator answers with it, so adding a parameter is one row.
/// </summary>
public sealed class ParameterDefinition
{
    private byte[]? _nameBytes;

    /// <summary>The parameter name as it appears on the wire, e.g. <c>AUDIO_GAIN_HI_RES</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Device- or channel-level.</summary>
    public required ParameterScope Scope { get; init; }

    /// <summary>What the value is.</summary>
    public required ParameterValueKind ValueKind { get; init; }

    /// <summary>Which request forms exist.</summary>
    public required ParameterAccess Access { get; init; }

    /// <summary>Channels accepted by GET (0 = all). Null for device-level parameters.</summary>
    public ValueRange? GetChannels { get; init; }

    /// <summary>Channels accepted by SET. Null when SET takes no channel or does not exist.</summary>
    public ValueRange? SetChannels { get; init; }

    /// <summary>True when the channel may be left out (<c>GET ALL</c> as well as <c>GET 0 ALL</c>).</summary>
    public bool ChannelOptional { get; init; }

    /// <summary>Digits written for the channel field: 1 on ANI4OUT, 2 for the PEQ block.</summary>
    public int ChannelDigits { get; init; } = 1;

    /// <summary>Index field after the name (PEQ filter) accepted by GET; null when the parameter has none.</summary>
    public ValueRange? GetIndexes { get; init; }

    /// <summary>Index field accepted by SET.</summary>
    public ValueRange? SetIndexes { get; init; }

    /// <summary>Digits written for the index field.</summary>
    public int IndexDigits { get; init; } = 2;

    /// <summary>Digits of a number (zero padded) or characters inside the braces of a text (space padded in reports).</summary>
    public int Width { get; init; }

    /// <summary>Values the device reports (numbers).</summary>
    public ValueRange? Range { get; init; }

    /// <summary>Values a SET may carry, when narrower than <see cref="Range"/> (PRESET: 1..10, while 00 is reported after a reset).</summary>
    public ValueRange? SetRange { get; init; }

    /// <summary>True when 0 is valid besides <see cref="Range"/> (METER_RATE: 0 = off, else 100..99999).</summary>
    public bool AllowsZero { get; init; }

    /// <summary>Step accepted by <c>INC n</c> / <c>DEC n</c>.</summary>
    public ValueRange? StepRange { get; init; }

    /// <summary>
    /// Values and steps are multiples of this (the ANI4IN's analog <c>AUDIO_GAIN</c>: 3, for 0..51 dB in 3 dB steps);
    /// 1 for every other row. One rule for the driver, room files and the simulator.
    /// </summary>
    public int ValueStep { get; init; } = 1;

    /// <summary>Tokens of an enumeration.</summary>
    public IReadOnlyList<string> Tokens { get; init; } = Array.Empty<string>();

    /// <summary>True when the device sends a REP unasked when the value changes.</summary>
    internal bool Pushed { get; init; }

    /// <summary>False for commands the device does not answer (<c>REBOOT</c>).</summary>
    public bool HasReply { get; init; } = true;

    /// <summary>The parameter named in the reply when it differs (<c>DEFAULT_SETTINGS</c> is answered by <c>REP PRESET 00</c>).</summary>
    public string? ReplyName { get; init; }

    /// <summary>Lowest firmware major version documented for the parameter (2 for the "firmware &gt; v2.0" rows).</summary>
    internal int MinimumFirmwareMajor { get; init; } = 1;

    /// <summary>How well public material supports the row.</summary>
    internal EvidenceLevel Evidence { get; init; } = EvidenceLevel.Corroborated;

    /// <summary>True for read-only parameters.</summary>
    public bool IsReadOnly => (Access & ParameterAccess.Set) == 0;

    internal byte[] NameBytes => _nameBytes ??= Encoding.ASCII.GetBytes(Name);

    /// <summary>True when <paramref name="value"/> is a valid number for this parameter.</summary>
    /// <param name="value">The number.</param>
    /// <param name="forSet">Check against <see cref="SetRange"/> when it is set.</param>
    public bool IsValidNumber(int value, bool forSet)
    {
        if (AllowsZero && value == 0)
        {
            return true;
        }

        var range = forSet ? SetRange ?? Range : Range;
        return range is { } r && r.Contains(value) && (value - r.Min) % ValueStep == 0;
    }

    /// <summary>True when <paramref name="step"/> is a valid <c>INC</c>/<c>DEC</c> step for this parameter.</summary>
    public bool IsValidStep(int step) => StepRange is { } steps && steps.Contains(step) && step % ValueStep == 0;

    /// <inheritdoc />
    public override string ToString() => Name;
}
