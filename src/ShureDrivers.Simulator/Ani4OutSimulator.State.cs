using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers.Simulator;

// Device state: the stored values, the web-app-style accessors, presets and the factory state.
public sealed partial class Ani4OutSimulator
{
    /// <summary>The current value of a parameter.</summary>
    /// <exception cref="ArgumentException">Not a stored ANI4OUT parameter, or a wrong channel or index.</exception>
    public CommandValue GetValue(string name, int? channel = null, int? index = null)
    {
        Guard.NotNull(name, nameof(name));
        lock (_gate)
        {
            return _state.TryGetValue(new ParameterKey(name, channel ?? -1, index ?? -1), out var value)
                ? value
                : throw new ArgumentException($"{name} (channel {channel?.ToString(CultureInfo.InvariantCulture) ?? "none"}, index {index?.ToString(CultureInfo.InvariantCulture) ?? "none"}) is not a stored ANI4OUT value.", nameof(name));
        }
    }

    /// <summary>
    /// Changes a value as the web app would (read-only parameters included, e.g. a channel name or the clip
    /// indicator) and reports it to every session when it changed.
    /// </summary>
    /// <exception cref="ArgumentException">Not a stored parameter, or a value the device could not hold.</exception>
    public void SetValue(string name, CommandValue value, int? channel = null, int? index = null)
    {
        Guard.NotNull(name, nameof(name));
        var report = MakeReport(new ParameterKey(name, channel ?? -1, index ?? -1), value);
        if (!_table.TryValidate(report, out var error))
        {
            throw new ArgumentException(error, nameof(value));
        }

        if (report.Value.Kind == CommandValueKind.Text && !CommandValue.IsSafeText(report.Value.Text!))
        {
            throw new ArgumentException("Texts hold printable ASCII without < > { } only.", nameof(value));
        }

        lock (_gate)
        {
            var key = new ParameterKey(report.Name, report.Channel ?? -1, report.Index ?? -1);
            if (!_state.TryGetValue(key, out var current))
            {
                throw new ArgumentException($"{name} is not a stored ANI4OUT value.", nameof(name));
            }

            if (!current.Equals(value))
            {
                _state[key] = value;
                if (key.Name == Ani4OutParameters.MeterRate)
                {
                    RestartMeterLocked(-1);
                }

                BroadcastLocked(Wire(report));
            }
        }
    }

    /// <summary>The gain of output 1..4.</summary>
    public Gain GetGain(int output) => Gain.FromRaw(GetValue(Ani4OutParameters.AudioGainHiRes, CheckOutput(output)).Number);

    /// <summary>Sets the gain of output 1..4, as if from the web app.</summary>
    public void SetGain(int output, Gain gain) => SetValue(Ani4OutParameters.AudioGainHiRes, CommandValue.FromNumber(gain.Raw), CheckOutput(output));

    /// <summary>True when output 1..4 is muted.</summary>
    public bool IsMuted(int output) => GetValue(Ani4OutParameters.AudioMute, CheckOutput(output)).TryGetSwitch(out var on) && on;

    /// <summary>Mutes or unmutes output 1..4, as if from the web app.</summary>
    public void SetMuted(int output, bool muted) => SetValue(Ani4OutParameters.AudioMute, CommandValue.FromSwitch(muted), CheckOutput(output));

    /// <summary>The output level token of output 1..4 (<c>LINE_LVL</c>, <c>AUX_LVL</c>, <c>MIC_LVL</c>).</summary>
    public string GetOutputLevel(int output) => GetValue(Ani4OutParameters.AudioOutputLevelSwitch, CheckOutput(output)).Text!;

    /// <summary>The name of output 1..4.</summary>
    public string GetChannelName(int output) => GetValue(Ani4OutParameters.ChannelName, CheckOutput(output)).Text!;

    /// <summary>Renames output 1..4, as if from the web app.</summary>
    public void SetChannelName(int output, string name) => SetValue(Ani4OutParameters.ChannelName, CommandValue.FromText(name), CheckOutput(output));

    /// <summary>The active preset, 0 for none.</summary>
    public int ActivePreset => GetValue(Ani4OutParameters.Preset).Number;

    /// <summary>The meter rate in ms, 0 when metering is off.</summary>
    public int MeterRate => GetValue(Ani4OutParameters.MeterRate).Number;

    /// <summary>True while the LEDs flash for identification.</summary>
    public bool IsFlashing => GetValue(Ani4OutParameters.Flash).TryGetSwitch(out var on) && on;

    /// <summary>Records an error event, as the device does, reported by <c>LAST_ERROR_EVENT</c>.</summary>
    public void RaiseErrorEvent(string text) => SetValue(Ani4OutParameters.LastErrorEvent, CommandValue.FromText(text));

    /// <summary>Saves the current audio settings into preset slot 1..10 under <paramref name="name"/>, as the web app does.</summary>
    /// <exception cref="ArgumentException">A slot outside 1..10 or a name that is not printable ASCII of at most 25 characters.</exception>
    public void SavePreset(int slot, string name)
    {
        CheckSlot(slot);
        var nameReport = CommandString.Report(Ani4OutParameters.Preset + slot.ToString(CultureInfo.InvariantCulture), CommandValue.FromText(Guard.NotNull(name, nameof(name))));
        if (!_table.TryValidate(nameReport, out var error) || !CommandValue.IsSafeText(name))
        {
            throw new ArgumentException(error ?? "Preset names hold printable ASCII without < > { } only.", nameof(name));
        }

        lock (_gate)
        {
            _presets[slot] = _state.Where(p => IsPresetParameter(p.Key.Name)).ToDictionary(p => p.Key, p => p.Value);
            var key = new ParameterKey(nameReport.Name);
            _state[key] = nameReport.Value;
            BroadcastLocked(Wire(nameReport));
        }
    }

    /// <summary>Empties preset slot 1..10.</summary>
    public void ClearPreset(int slot)
    {
        CheckSlot(slot);
        lock (_gate)
        {
            _presets[slot] = null;
            var nameKey = new ParameterKey(Ani4OutParameters.Preset + slot.ToString(CultureInfo.InvariantCulture));
            _state[nameKey] = CommandValue.FromText(string.Empty);
            BroadcastLocked(Wire(MakeReport(nameKey, _state[nameKey])));
        }
    }

    /// <summary>Recalls preset slot 1..10 as the web app does: its settings apply and every session is told.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A slot outside 1..10.</exception>
    /// <exception cref="InvalidOperationException">The slot is empty; nothing changed.</exception>
    public void RecallPreset(int slot)
    {
        CheckSlot(slot);
        lock (_gate)
        {
            ThrowIfDisposed();
            RecallLocked(slot, _presets[slot] ?? throw new InvalidOperationException($"Preset {slot.ToString(CultureInfo.InvariantCulture)} is empty."));
        }
    }

    /// <summary>True when preset slot 1..10 holds settings.</summary>
    public bool HasPreset(int slot)
    {
        CheckSlot(slot);
        lock (_gate)
        {
            return _presets[slot] is not null;
        }
    }

    // ---- Connections. ----

    // Applies stored values, reporting each one that changes (as a recall does).
    private void RecallLocked(int slot, Dictionary<ParameterKey, CommandValue> stored)
    {
        ApplyLocked(stored);
        _state[new ParameterKey(Ani4OutParameters.Preset)] = CommandValue.FromNumber(slot);
        BroadcastLocked(Wire(CommandString.Report(Ani4OutParameters.Preset, CommandValue.FromNumber(slot))));
    }

    private void ApplyLocked(IEnumerable<KeyValuePair<ParameterKey, CommandValue>> values)
    {
        foreach (var pair in values.ToList())
        {
            if (!_state[pair.Key].Equals(pair.Value))
            {
                _state[pair.Key] = pair.Value;
                if (Options.ReportChangesOnPresetRecall)
                {
                    BroadcastLocked(Wire(MakeReport(pair.Key, pair.Value)));
                }
            }
        }
    }

    // Keys a GET addresses: channel 0 and index 0 mean all.
    private static IEnumerable<ParameterKey> Expand(ParameterDefinition row, int? channel, int? index)
    {
        if (row.Scope == ParameterScope.Device)
        {
            yield return new ParameterKey(row.Name);
            yield break;
        }

        var first = channel is null or 0 ? 1 : channel.Value;
        var last = channel is null or 0 ? Ani4OutCommandTable.OutputCount : channel.Value;
        for (var ch = first; ch <= last; ch++)
        {
            if (row.GetIndexes is null)
            {
                yield return new ParameterKey(row.Name, ch);
                continue;
            }

            var firstIndex = index is null or 0 ? 1 : index.Value;
            var lastIndex = index is null or 0 ? row.GetIndexes.Value.Max : index.Value;
            for (var ix = firstIndex; ix <= lastIndex; ix++)
            {
                yield return new ParameterKey(row.Name, ch, ix);
            }
        }
    }

    private CommandValue ReadLocked(ParameterKey key)
    {
        if (key.Name is Ani4OutParameters.AudioInputPeakLevel or Ani4OutParameters.AudioInputRmsLevel)
        {
            // Peak reads a little above RMS, as programme material does.
            var level = MeterLevelLocked(key.Channel, Elapsed());
            return CommandValue.FromNumber(key.Name == Ani4OutParameters.AudioInputPeakLevel ? Math.Min(60, level + 6) : level);
        }

        return _state[key];
    }

    private static CommandString MakeReport(ParameterKey key, CommandValue value) => (key.Channel, key.Index) switch
    {
        (< 0, _) => CommandString.Report(key.Name, value),
        (_, < 0) => CommandString.Report(key.Channel, key.Name, value),
        _ => CommandString.Report(key.Channel, key.Name, key.Index, value),
    };

    private ParameterDefinition Row(string name) =>
        _table.TryGetParameter(name, out var row) ? row : throw new InvalidOperationException($"{name} is not in the table.");

    private Dictionary<ParameterKey, CommandValue> BuildFactoryState()
    {
        static CommandValue Text(string s) => CommandValue.FromText(s);
        static CommandValue Token(string s) => CommandValue.FromToken(s);
        var state = new Dictionary<ParameterKey, CommandValue>
        {
            [new(Ani4OutParameters.Model)] = Text(Options.ReportedModel ?? ModelName),
            [new(Ani4OutParameters.SerialNumber)] = Text(Options.SerialNumber),
            [new(Ani4OutParameters.FirmwareVersion)] = Text(Options.FirmwareVersion),
            [new(Ani4OutParameters.DeviceId)] = Text(Options.DeviceId ?? HostName),
            [new(Ani4OutParameters.DanteDeviceName)] = Text(Options.DanteDeviceName ?? HostName),
            [new(Ani4OutParameters.IPAddressNetworkAudioPrimary)] = Text(Options.DanteAddress.ToString()),
            [new(Ani4OutParameters.IPSubnetNetworkAudioPrimary)] = Text(Options.DanteSubnetMask.ToString()),
            [new(Ani4OutParameters.IPGatewayNetworkAudioPrimary)] = Text(Options.DanteGateway.ToString()),
            [new(Ani4OutParameters.ControlMacAddress)] = Token(MacAddress),
            [new(Ani4OutParameters.Preset)] = CommandValue.FromNumber(0),
            [new(Ani4OutParameters.Flash)] = CommandValue.FromSwitch(false),
            [new(Ani4OutParameters.LedBrightness)] = CommandValue.FromNumber(2),
            [new(Ani4OutParameters.MeterRate)] = CommandValue.FromNumber(0),
            [new(Ani4OutParameters.AudioSummingMode)] = Token("OFF"),
            [new(Ani4OutParameters.OutputMeterMode)] = Token("POST_FADER"),
            [new(Ani4OutParameters.Encryption)] = CommandValue.FromSwitch(false),
            [new(Ani4OutParameters.LastErrorEvent)] = Text(string.Empty),
        };
        for (var n = 1; n <= Ani4OutCommandTable.PresetCount; n++)
        {
            state[new ParameterKey(Ani4OutParameters.Preset + n.ToString(CultureInfo.InvariantCulture))] = Text(string.Empty);
        }

        var isInput = Options.Family == SimulatedFamily.Ani4In;
        if (isInput)
        {
            state.Remove(new(Ani4OutParameters.OutputMeterMode));
            state[new(Ani4InParameters.InputMeterMode)] = Token("PRE_FADER");
        }

        for (var ch = 1; ch <= Ani4OutCommandTable.OutputCount; ch++)
        {
            var number = ch.ToString(CultureInfo.InvariantCulture);
            state[new(Ani4OutParameters.ChannelName, ch)] = Text((isInput ? "Input " : "Output ") + number);
            state[new(Ani4OutParameters.DanteChannelName, ch)] = Text("0" + number);
            state[new(Ani4OutParameters.AudioGainHiRes, ch)] = CommandValue.FromNumber(Ani4OutCommandTable.GainOffset);
            state[new(Ani4OutParameters.AudioMute, ch)] = CommandValue.FromSwitch(false);
            if (isInput)
            {
                state[new(Ani4InParameters.AudioGain, ch)] = CommandValue.FromNumber(0);
                state[new(Ani4InParameters.PhantomPowerEnable, ch)] = CommandValue.FromSwitch(false);
                state[new(Ani4InParameters.HardwareGatingLogic, ch)] = CommandValue.FromSwitch(false);
                state[new(Ani4InParameters.ChannelLedInState, ch)] = CommandValue.FromSwitch(false);
            }
            else
            {
                state[new(Ani4OutParameters.AudioOutputLevelSwitch, ch)] = Token("LINE_LVL");
            }

            state[new(Ani4OutParameters.AudioOutputClipIndicator, ch)] = CommandValue.FromSwitch(false);
            state[new(Ani4OutParameters.LimiterEngaged, ch)] = CommandValue.FromSwitch(false);
            state[new(Ani4OutParameters.LedColorSignalClip, ch)] = Token("OFF");
            state[new(Ani4OutParameters.LedStateSignalClip, ch)] = Token("OFF");
            state[new(Ani4OutParameters.AudioInputPeakLevel, ch)] = CommandValue.FromNumber(0);
            state[new(Ani4OutParameters.AudioInputRmsLevel, ch)] = CommandValue.FromNumber(0);
            for (var filter = 1; filter <= 4; filter++)
            {
                state[new(Ani4OutParameters.Peq, ch, filter)] = CommandValue.FromSwitch(false);
            }
        }

        foreach (var pair in state)
        {
            if (!_table.TryValidate(MakeReport(pair.Key, pair.Value), out var error))
            {
                throw new ArgumentException($"Simulator options give an invalid {pair.Key.Name}: {error}");
            }
        }

        return state;
    }

    private bool IsPresetParameter(string name) => _presetParameters.Contains(name);
}
