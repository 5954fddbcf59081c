using System;
using System.Collections.Generic;
using System.Linq;

namespace ShureDrivers.Simulator;

/// <summary>
/// A named set of firmware behaviours, each drawn from public evidence (listed in the simulator README), that
/// <see cref="SimulatorOptions.Profile"/> applies to the options. Profiles compose with <see cref="SimulatorFaults"/>;
/// an option set after the profile overrides it.
/// </summary>
public sealed partial class SimulatorProfile
{
    private readonly Action<SimulatorOptions> _apply;

    private SimulatorProfile(string name, string description, Action<SimulatorOptions> apply)
    {
        Name = name;
        Description = description;
        _apply = apply;
    }

    /// <summary>Everything the protocol reference allows, answered at once. The default.</summary>
    public static SimulatorProfile Documented { get; } = new("documented", "Every documented and inferred parameter answered at once; lenient grammar (lower case, two-digit channels).", _ => { });

    /// <summary>
    /// Only what the documents show: exact spacing, upper case, padded numbers; <c>REP ERR</c> for GETs no ANI document
    /// shows (<c>FLASH</c>, <c>METER_RATE</c>, <c>LIMITER_ENGAGED</c> on 2 and 4), which the dump leaves out too.
    /// </summary>
    public static SimulatorProfile Strict { get; } = new("strict", "Only the documented grammar; REP ERR for GETs no ANI document shows (FLASH, METER_RATE, LIMITER_ENGAGED 2/4), which the dump omits.", ApplyStrict);

    /// <summary>Like <see cref="Strict"/>, but answers nothing at all to what it does not support.</summary>
    public static SimulatorProfile Silent { get; } = new("silent", "Like strict, but never answers what it does not support: no REP ERR, nothing.", o =>
    {
        ApplyStrict(o);
        o.UnsupportedRequests = UnsupportedRequestHandling.Ignore;
    });

    /// <summary>Every reply waits 40–200 ms (seeded), and the dump is paced at 10 ms a frame, like a busy CPU.</summary>
    public static SimulatorProfile Slow { get; } = new("slow", "Every reply delayed 40-200 ms (seeded spread); dump frames paced 10 ms apart.", o =>
    {
        o.ReplyDelayMin = TimeSpan.FromMilliseconds(40);
        o.ReplyDelayMax = TimeSpan.FromMilliseconds(200);
        o.DumpFramePace = TimeSpan.FromMilliseconds(10);
    });

    /// <summary>
    /// The quirks of other Shure firmware: <c>GET 0 ALL</c> refused (only <c>GET ALL</c>), two-digit channels in REPs,
    /// <c>&lt; REP DEFAULT_SETTINGS 00 &gt;</c>, empty preset names as <c>{empty}</c>, CR LF after each frame.
    /// </summary>
    public static SimulatorProfile Sibling { get; } = new("sibling", "GET 0 ALL refused (GET ALL works), REP 01 ..., REP DEFAULT_SETTINGS 00, {empty} preset names, CR LF after frames.", o =>
    {
        o.AcceptGetZeroAll = false;
        o.AcceptGetAllWithoutChannel = true;
        o.TwoDigitChannelsInReports = true;
        o.DefaultSettingsReply = DefaultSettingsReply.DefaultSettingsZero;
        o.EmptyPresetName = "empty";
        o.FrameTerminator = "\r\n";
    });

    /// <summary>At most two concurrent control sessions; the next connection is refused.</summary>
    public static SimulatorProfile Limited { get; } = new("limited", "At most 2 concurrent control sessions; the next connection is refused.", o => o.MaxSessions = 2);

    /// <summary>Every profile, <see cref="Documented"/> first.</summary>
    public static IReadOnlyList<SimulatorProfile> All { get; } = [Documented, Strict, Silent, Slow, Sibling, Limited];

    /// <summary>The profile's name as <c>shure simulate --profile</c> takes it (lower case).</summary>
    public string Name { get; }

    /// <summary>One line on what the profile does.</summary>
    public string Description { get; }

    /// <summary>The profile named <paramref name="name"/> (any case).</summary>
    /// <exception cref="ArgumentException">No such profile; the message lists the names.</exception>
    public static SimulatorProfile FromName(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown simulator profile '{name}'; use one of: {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));

    /// <inheritdoc />
    public override string ToString() => Name;

    internal void ApplyTo(SimulatorOptions options) => _apply(options);

    private static void ApplyStrict(SimulatorOptions o)
    {
        o.AcceptLowerCase = false;
        o.AcceptTwoDigitChannels = false;
        o.StrictGrammar = true;
        o.AnswerUndocumentedGets = false;
    }
}
