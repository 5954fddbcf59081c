using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>
/// One analog output of an <see cref="Ani4OutDevice"/> (channel 1..4). Values are the device's last report and read
/// null while the device's cache is stale (before the first resync and during reconnects).
/// </summary>
/// <remarks>Safe to use from any thread; <see cref="PropertyChanged"/> is raised on the session's event thread.</remarks>
public sealed class Ani4OutOutput : INotifyPropertyChanged
{
    private readonly Ani4OutDevice _device;

    internal Ani4OutOutput(Ani4OutDevice device, int channel)
    {
        _device = device;
        Channel = channel;
    }

    /// <summary>Raised when a value of this output changes (property names as below).</summary>
    public event PropertyChangedEventHandler? PropertyChanged;

    /// <summary>The output number, 1..4.</summary>
    public int Channel { get; }

    /// <summary>The digital gain.</summary>
    public Gain? Gain => _device.Number(Ani4OutParameters.AudioGainHiRes, Channel) is { } raw && ShureDrivers.Gain.TryFromRaw(raw, out var gain) ? gain : null;

    /// <summary>True when muted.</summary>
    public bool? IsMuted => _device.Switch(Ani4OutParameters.AudioMute, Channel);

    /// <summary>The analog output level.</summary>
    public OutputLevel? Level => _device.Token(Ani4OutParameters.AudioOutputLevelSwitch, Channel) switch
    {
        "LINE_LVL" => OutputLevel.Line,
        "AUX_LVL" => OutputLevel.Aux,
        "MIC_LVL" => OutputLevel.Mic,
        _ => null,
    };

    /// <summary>The output's name (set in the web app).</summary>
    public string? Name => _device.Text(Ani4OutParameters.ChannelName, Channel);

    /// <summary>The Dante channel name.</summary>
    public string? DanteChannelName => _device.Text(Ani4OutParameters.DanteChannelName, Channel);

    /// <summary>True while the output clips.</summary>
    public bool? IsClipping => _device.Switch(Ani4OutParameters.AudioOutputClipIndicator, Channel);

    /// <summary>True while the limiter reduces gain.</summary>
    public bool? IsLimiting => _device.Switch(Ani4OutParameters.LimiterEngaged, Channel);

    /// <summary>The sig/clip LED colour token (<c>OFF</c>, <c>GREEN</c>, <c>AMBER</c>, <c>RED</c>).</summary>
    public string? SignalLedColor => _device.Token(Ani4OutParameters.LedColorSignalClip, Channel);

    /// <summary>True when PEQ filter 1..4 of this output is on.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A filter outside 1..4.</exception>
    public bool? IsPeqEnabled(int filter) => _device.Switch(Ani4OutParameters.Peq, Channel, Guard.InRange(filter, 1, 4, nameof(filter)));

    /// <summary>Sets the gain; returns the gain the device reports.</summary>
    /// <exception cref="ShureDeviceException">The device could not be reached, did not answer, or refused.</exception>
    public async Task<Gain> SetGainAsync(Gain gain, CancellationToken cancellationToken = default)
    {
        var reply = await _device.Session.QueryAsync(CommandString.Set(Channel, Ani4OutParameters.AudioGainHiRes, CommandValue.FromNumber(gain.Raw)), cancellationToken).ConfigureAwait(false);
        return GainFrom(reply);
    }

    /// <summary>
    /// Moves the gain by <paramref name="decibels"/> (0.1 dB resolution) with <c>INC</c>/<c>DEC</c>, clamped to
    /// −110..+30 dB before sending when the current gain is known; returns the gain the device reports.
    /// </summary>
    /// <remarks>
    /// The result of a step cannot be predicted, so the call completes on the first gain report for this output after
    /// the step was sent: normally the step's own reply, but another controller's change that arrives first is
    /// returned instead. Absolute SETs (<see cref="SetGainAsync"/>) complete only on their own value.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">Not a number, or a step beyond ±140 dB.</exception>
    public async Task<Gain> StepGainAsync(double decibels, CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(decibels) || Math.Abs(decibels) > 140)
        {
            throw new ArgumentOutOfRangeException(nameof(decibels), decibels, "A gain step is a number of dB within ±140.");
        }

        var tenths = (int)Math.Round((decimal)decibels * ShureDrivers.Gain.StepsPerDb, MidpointRounding.AwayFromZero);
        if (Gain is { } current)
        {
            // Clamp here, whatever the device would do past the range (H11).
            var target = current.AddClamped(tenths);
            tenths = target.TenthsOfDb - current.TenthsOfDb;
            if (tenths == 0)
            {
                return current;
            }

            if (Math.Abs(tenths) > 999)
            {
                return await SetGainAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (tenths == 0)
        {
            var read = await _device.Session.QueryAsync(CommandString.Get(Channel, Ani4OutParameters.AudioGainHiRes), cancellationToken).ConfigureAwait(false);
            return GainFrom(read);
        }

        var step = Math.Min(999, Math.Abs(tenths));
        var command = tenths > 0
            ? CommandString.Increment(Channel, Ani4OutParameters.AudioGainHiRes, step)
            : CommandString.Decrement(Channel, Ani4OutParameters.AudioGainHiRes, step);
        return GainFrom(await _device.Session.QueryAsync(command, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Mutes or unmutes; returns the state the device reports.</summary>
    public async Task<bool> SetMuteAsync(bool muted, CancellationToken cancellationToken = default) =>
        SwitchFrom(await _device.Session.QueryAsync(CommandString.Set(Channel, Ani4OutParameters.AudioMute, CommandValue.FromSwitch(muted)), cancellationToken).ConfigureAwait(false));

    /// <summary>Toggles the mute; returns the state the device reports.</summary>
    /// <remarks>
    /// Like a gain step, a toggle completes on the first mute report for this output after it was sent, which may be
    /// another controller's change that arrived first. <see cref="SetMuteAsync"/> completes only on its own value.
    /// </remarks>
    public async Task<bool> ToggleMuteAsync(CancellationToken cancellationToken = default) =>
        SwitchFrom(await _device.Session.QueryAsync(CommandString.Toggle(Channel, Ani4OutParameters.AudioMute), cancellationToken).ConfigureAwait(false));

    /// <summary>Sets the analog output level.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined level.</exception>
    public async Task SetLevelAsync(OutputLevel level, CancellationToken cancellationToken = default)
    {
        var token = level switch
        {
            OutputLevel.Line => "LINE_LVL",
            OutputLevel.Aux => "AUX_LVL",
            OutputLevel.Mic => "MIC_LVL",
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Line, Aux or Mic."),
        };
        await _device.Session.QueryAsync(CommandString.Set(Channel, Ani4OutParameters.AudioOutputLevelSwitch, CommandValue.FromToken(token)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns PEQ filter 1..4 of this output on or off.</summary>
    public async Task SetPeqAsync(int filter, bool enabled, CancellationToken cancellationToken = default)
    {
        Guard.InRange(filter, 1, 4, nameof(filter));
        await _device.Session.QueryAsync(CommandString.Set(Channel, Ani4OutParameters.Peq, filter, CommandValue.FromSwitch(enabled)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"Output {Channel}: {Name ?? "?"} {Gain?.ToString() ?? "?"}{(IsMuted == true ? " muted" : string.Empty)}";

    internal void RaisePropertyChanged(string property) => PropertyChanged?.Invoke(this, new PropertyChangedEventArgs(property));

    private Gain GainFrom(CommandString reply) =>
        reply.Value.TryGetNumber(out var raw) && ShureDrivers.Gain.TryFromRaw(raw, out var gain)
            ? gain
            : throw new DeviceProtocolException($"{_device.Session.EndPoint} reported an impossible gain: {reply}.", _device.Session.EndPoint);

    private bool SwitchFrom(CommandString reply) =>
        reply.Value.TryGetSwitch(out var on)
            ? on
            : throw new DeviceProtocolException($"{_device.Session.EndPoint} reported an impossible switch value: {reply}.", _device.Session.EndPoint);
}
