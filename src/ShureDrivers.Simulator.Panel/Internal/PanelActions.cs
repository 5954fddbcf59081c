using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ShureDrivers.Protocol;

namespace ShureDrivers.Simulator.Panel.Internal;

/// <summary>
/// What a person can do on the page, applied as the device's own web app would (the simulator reports each change to
/// every connected controller). Every value is checked before anything changes; a refused one throws
/// <see cref="PanelInputException"/>.
/// </summary>
internal static class PanelActions
{
    public const int MaxSilentSeconds = 3600;
    public const int MaxReplyDelayMilliseconds = 10_000;

    /// <summary>One property per request: <c>gainDb</c>, <c>muted</c>, <c>level</c>, <c>preampDb</c>, <c>phantom</c> or <c>name</c>.</summary>
    public static void ChangeChannel(PanelDevice device, int channel, JsonElement body)
    {
        CheckChannel(channel);
        var (name, value) = SingleProperty(body, "gainDb, muted, level, preampDb, phantom or name");
        var sim = device.Simulator;
        var isInput = sim.Options.Family == SimulatedFamily.Ani4In;
        Action apply = name switch
        {
            "gainDb" => GainChange(sim, channel, value),
            "muted" => () => sim.SetMuted(channel, Boolean(value, name)),
            "name" => Apply(() => sim.SetChannelName(channel, Text(value, name))),
            "level" when !isInput => LevelChange(sim, channel, value),
            "preampDb" when isInput => Apply(() => sim.SetValue(Ani4InParameters.AudioGain, CommandValue.FromNumber(Integer(value, name)), channel)),
            "phantom" when isInput => () => sim.SetValue(Ani4InParameters.PhantomPowerEnable, CommandValue.FromSwitch(Boolean(value, name)), channel),
            "level" or "preampDb" or "phantom" => throw new PanelInputException($"An {sim.ModelName} has no '{name}' on its channels."),
            _ => throw new PanelInputException($"Unknown property '{name}': send one of gainDb, muted, level, preampDb, phantom or name."),
        };
        CheckNotBooting(sim);
        apply();
        device.MarkDirty();
    }

    /// <summary><c>{"slot": n}</c>: recalls a stored preset.</summary>
    public static void RecallPreset(PanelDevice device, JsonElement body)
    {
        var (name, value) = SingleProperty(body, "slot");
        if (name != "slot")
        {
            throw new PanelInputException($"Unknown property '{name}': send {{\"slot\": 1..{Ani4OutCommandTable.PresetCount}}}.");
        }

        var slot = Integer(value, name);
        if (slot is < 1 or > Ani4OutCommandTable.PresetCount)
        {
            throw new PanelInputException($"Preset {slot} does not exist: slots are 1..{Ani4OutCommandTable.PresetCount}.");
        }

        if (!device.Simulator.HasPreset(slot))
        {
            throw new PanelInputException($"Preset {slot} is empty.");
        }

        CheckNotBooting(device.Simulator);
        Apply(() => device.Simulator.RecallPreset(slot))();
        device.MarkDirty();
    }

    /// <summary>
    /// <c>{"fault": "drop-links" | "silent" (+ "seconds") | "reboot" | "slow" (+ "milliseconds") | "reject-sets"
    /// (+ "channel", "on") | "refuse-connections" (+ "on") | "clear"}</c>.
    /// </summary>
    public static void InjectFault(PanelDevice device, JsonElement body, TimeProvider time)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("fault", out var kind) || kind.ValueKind != JsonValueKind.String)
        {
            throw new PanelInputException("Send {\"fault\": \"drop-links\" | \"silent\" | \"reboot\" | \"slow\" | \"reject-sets\" | \"refuse-connections\" | \"clear\", …}.");
        }

        var faults = device.Simulator.Faults;
        var fault = kind.GetString()!;
        Action apply = fault switch
        {
            "drop-links" => Only(body, [], faults.DropConnections),
            "reboot" => Only(body, [], faults.Reboot),
            "silent" => SilentFor(device, body, time),
            "slow" => SlowReplies(faults, body),
            "reject-sets" => RejectSets(device, body),
            "refuse-connections" => RefuseConnections(faults, body),
            "clear" => Only(body, [], () =>
            {
                StopSilenceTimer(device);
                device.RejectedOutputs = [];
                faults.Reset();
            }),
            _ => throw new PanelInputException($"Unknown fault '{fault}': drop-links, silent, reboot, slow, reject-sets, refuse-connections or clear."),
        };
        apply();
        device.MarkDirty();
    }

    private static Action SilentFor(PanelDevice device, JsonElement body, TimeProvider time)
    {
        RefuseUnknown(body, ["seconds"]);
        var seconds = Integer(Required(body, "seconds"), "seconds");
        if (seconds is < 1 or > MaxSilentSeconds)
        {
            throw new PanelInputException($"'seconds' must be 1..{MaxSilentSeconds}.");
        }

        return () =>
        {
            StopSilenceTimer(device);
            var faults = device.Simulator.Faults;
            faults.Silent = true;
            device.SilentUntil = time.GetUtcNow().AddSeconds(seconds);
            device.SilenceTimer = time.CreateTimer(_ =>
            {
                faults.Silent = false;
                device.SilentUntil = null;
                device.MarkDirty();
            }, null, TimeSpan.FromSeconds(seconds), System.Threading.Timeout.InfiniteTimeSpan);
        };
    }

    private static Action SlowReplies(SimulatorFaults faults, JsonElement body)
    {
        RefuseUnknown(body, ["milliseconds"]);
        var milliseconds = Integer(Required(body, "milliseconds"), "milliseconds");
        if (milliseconds is < 0 or > MaxReplyDelayMilliseconds)
        {
            throw new PanelInputException($"'milliseconds' must be 0..{MaxReplyDelayMilliseconds}.");
        }

        return () => faults.ReplyDelay = TimeSpan.FromMilliseconds(milliseconds);
    }

    private static Action RefuseConnections(SimulatorFaults faults, JsonElement body)
    {
        RefuseUnknown(body, ["on"]);
        var on = Boolean(Required(body, "on"), "on");
        return () => faults.RefuseConnections = on;
    }

    private static Action RejectSets(PanelDevice device, JsonElement body)
    {
        RefuseUnknown(body, ["channel", "on"]);
        var channel = Integer(Required(body, "channel"), "channel");
        CheckChannel(channel);
        var on = Boolean(Required(body, "on"), "on");
        return () =>
        {
            var rejected = device.RejectedOutputs.Where(c => c != channel).Concat(on ? [channel] : []).OrderBy(c => c).ToArray();
            device.RejectedOutputs = rejected;
            // Channel 0 addresses every channel, so it is refused when any one of them is.
            device.Simulator.Faults.RejectWhen = rejected.Length == 0
                ? null
                : c => c.Kind == CommandKind.Set && c.Channel is { } ch && (ch == 0 || Array.IndexOf(rejected, ch) >= 0);
        };
    }

    private static void StopSilenceTimer(PanelDevice device)
    {
        device.SilenceTimer?.Dispose();
        device.SilenceTimer = null;
        if (device.SilentUntil is not null)
        {
            device.SilentUntil = null;
            device.Simulator.Faults.Silent = false;
        }
    }

    private static Action GainChange(Ani4OutSimulator sim, int channel, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var db) || !Gain.TryFromDb(db, out var gain))
        {
            throw new PanelInputException($"'gainDb' must be a number of dB from {Gain.MinValue.Decibels.ToString("0.0", CultureInfo.InvariantCulture)} to {Gain.MaxValue.Decibels.ToString("0.0", CultureInfo.InvariantCulture)}.");
        }

        return Apply(() => sim.SetGain(channel, gain));
    }

    private static Action LevelChange(Ani4OutSimulator sim, int channel, JsonElement value)
    {
        var level = Text(value, "level");
        if (!Ani4OutCommandTable.OutputLevelTokens.Contains(level, StringComparer.Ordinal))
        {
            throw new PanelInputException($"'level' must be one of {string.Join(", ", Ani4OutCommandTable.OutputLevelTokens)}.");
        }

        return () => sim.SetValue(Ani4OutParameters.AudioOutputLevelSwitch, CommandValue.FromToken(level), channel);
    }

    // The simulator checks a value against the device's table and changes nothing when it refuses it.
    private static Action Apply(Action change) => () =>
    {
        try
        {
            change();
        }
        catch (ArgumentException ex)
        {
            throw new PanelInputException(FirstSentence(ex.Message));
        }
        catch (InvalidOperationException ex)
        {
            throw new PanelInputException(ex.Message);
        }
    };

    private static string FirstSentence(string message)
    {
        // ArgumentException appends " (Parameter 'x')".
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut > 0 ? message.Substring(0, cut) : message;
    }

    private static void CheckChannel(int channel)
    {
        if (channel is < 1 or > Ani4OutCommandTable.OutputCount)
        {
            throw new PanelInputException($"Channel {channel} does not exist: channels are 1..{Ani4OutCommandTable.OutputCount}.");
        }
    }

    private static void CheckNotBooting(Ani4OutSimulator sim)
    {
        if (sim.IsBooting)
        {
            throw new PanelInputException($"{sim.HostName} is rebooting; its web app is not reachable either.", StatusCodes.Status409Conflict);
        }
    }

    private static (string Name, JsonElement Value) SingleProperty(JsonElement body, string expected)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new PanelInputException($"Send a JSON object with one property: {expected}.");
        }

        using var properties = body.EnumerateObject();
        if (!properties.MoveNext())
        {
            throw new PanelInputException($"Send a JSON object with one property: {expected}.");
        }

        var first = properties.Current;
        if (properties.MoveNext())
        {
            throw new PanelInputException($"Send one property per request ({expected}), not several.");
        }

        return (first.Name, first.Value);
    }

    // A fault whose only checks are its property names.
    private static Action Only(JsonElement body, string[] allowed, Action action)
    {
        RefuseUnknown(body, allowed);
        return action;
    }

    private static void RefuseUnknown(JsonElement body, string[] allowed)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name != "fault" && Array.IndexOf(allowed, property.Name) < 0)
            {
                throw new PanelInputException($"Unknown property '{property.Name}' for this fault.");
            }
        }
    }

    private static JsonElement Required(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value : throw new PanelInputException($"'{name}' is missing.");

    private static bool Boolean(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new PanelInputException($"'{name}' must be true or false."),
    };

    private static int Integer(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw new PanelInputException($"'{name}' must be a whole number.");

    private static string Text(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new PanelInputException($"'{name}' must be a string.");
}
