using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>
/// One audio channel of a <see cref="ShureDevice"/>: an output of an <see cref="Ani4OutDevice"/>, an input of an
/// <see cref="Ani4InDevice"/>. What every channel has: names, digital gain, mute, the clip, limiter and sig/clip
/// indications and PEQ. Values are the device's last report and read null while the device's cache is stale (before
/// the first resync and during reconnects), or when the firmware does not give them.
/// </summary>
/// <remarks>Safe to use from any thread; <see cref="PropertyChanged"/> is raised on the session's event thread.</remarks>
public abstract class ShureChannel : INotifyPropertyChanged
{
    private protected ShureChannel(ShureDevice device, int channel)
    {
        Device = device;
        Channel = channel;
    }

    /// <summary>Raised when a value of this channel changes (property names as below).</summary>
    public event PropertyChangedEventHandler? PropertyChanged;

    /// <summary>The channel number, 1..4.</summary>
    public int Channel { get; }

    /// <summary>The device the channel belongs to.</summary>
    private protected ShureDevice Device { get; }

    /// <summary>The digital gain.</summary>
    public Gain? Gain => Device.Number(ShureParameters.AudioGainHiRes, Channel) is { } raw && ShureDrivers.Gain.TryFromRaw(raw, out var gain) ? gain : null;

    /// <summary>True when muted.</summary>
    public bool? IsMuted => Device.Switch(ShureParameters.AudioMute, Channel);

    /// <summary>The channel's name (set in the web app).</summary>
    public string? Name => Device.Text(ShureParameters.ChannelName, Channel);

    /// <summary>The Dante channel name.</summary>
    public string? DanteChannelName => Device.Text(ShureParameters.DanteChannelName, Channel);

    /// <summary>True while the channel clips (<c>AUDIO_OUT_CLIP_INDICATOR</c>).</summary>
    public bool? IsClipping => Device.Switch(ShureParameters.AudioOutputClipIndicator, Channel);

    /// <summary>True while the limiter reduces gain.</summary>
    public bool? IsLimiting => Device.Switch(ShureParameters.LimiterEngaged, Channel);

    /// <summary>The sig/clip LED colour token (<c>OFF</c>, <c>GREEN</c>, <c>AMBER</c>, <c>RED</c>).</summary>
    public string? SignalLedColor => Device.Token(ShureParameters.LedColorSignalClip, Channel);

    /// <summary>True when PEQ filter 1..4 of this channel is on.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A filter outside 1..4.</exception>
    public bool? IsPeqEnabled(int filter) => Device.Switch(ShureParameters.Peq, Channel, Guard.InRange(filter, 1, 4, nameof(filter)));

    /// <summary>Sets the gain; returns the gain the device reports.</summary>
    /// <exception cref="ShureDeviceException">The device could not be reached, did not answer, or refused.</exception>
    public async Task<Gain> SetGainAsync(Gain gain, CancellationToken cancellationToken = default)
    {
        var reply = await Device.Session.QueryAsync(CommandString.Set(Channel, ShureParameters.AudioGainHiRes, CommandValue.FromNumber(gain.Raw)), cancellationToken).ConfigureAwait(false);
        return GainFrom(reply);
    }

    /// <summary>
    /// Moves the gain by <paramref name="decibels"/> (0.1 dB resolution) with <c>INC</c>/<c>DEC</c>, clamped to
    /// −110..+30 dB before sending when the current gain is known; returns the gain the device reports.
    /// </summary>
    /// <remarks>
    /// The result of a step cannot be predicted, so the call completes on the first gain report for this channel after
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
            var read = await Device.Session.QueryAsync(CommandString.Get(Channel, ShureParameters.AudioGainHiRes), cancellationToken).ConfigureAwait(false);
            return GainFrom(read);
        }

        var step = Math.Min(999, Math.Abs(tenths));
        var command = tenths > 0
            ? CommandString.Increment(Channel, ShureParameters.AudioGainHiRes, step)
            : CommandString.Decrement(Channel, ShureParameters.AudioGainHiRes, step);
        return GainFrom(await Device.Session.QueryAsync(command, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Mutes or unmutes; returns the state the device reports.</summary>
    public async Task<bool> SetMuteAsync(bool muted, CancellationToken cancellationToken = default) =>
        SwitchFrom(await Device.Session.QueryAsync(CommandString.Set(Channel, ShureParameters.AudioMute, CommandValue.FromSwitch(muted)), cancellationToken).ConfigureAwait(false));

    /// <summary>Toggles the mute; returns the state the device reports.</summary>
    /// <remarks>
    /// Like a gain step, a toggle completes on the first mute report for this channel after it was sent, which may be
    /// another controller's change that arrived first. <see cref="SetMuteAsync"/> completes only on its own value.
    /// </remarks>
    public async Task<bool> ToggleMuteAsync(CancellationToken cancellationToken = default) =>
        SwitchFrom(await Device.Session.QueryAsync(CommandString.Toggle(Channel, ShureParameters.AudioMute), cancellationToken).ConfigureAwait(false));

    /// <summary>Turns PEQ filter 1..4 of this channel on or off.</summary>
    public async Task SetPeqAsync(int filter, bool enabled, CancellationToken cancellationToken = default)
    {
        Guard.InRange(filter, 1, 4, nameof(filter));
        await Device.Session.QueryAsync(CommandString.Set(Channel, ShureParameters.Peq, filter, CommandValue.FromSwitch(enabled)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Noun} {Channel}: {Name ?? "?"} {Gain?.ToString() ?? "?"}{(IsMuted == true ? " muted" : string.Empty)}";

    internal bool HasPropertyChangedHandlers => PropertyChanged is not null;

    internal void RaisePropertyChanged(string property) => PropertyChanged?.Invoke(this, new PropertyChangedEventArgs(property));

    /// <summary>The property a report of <paramref name="parameter"/> changes on a channel, or null.</summary>
    internal virtual string? PropertyFor(string parameter) => parameter switch
    {
        ShureParameters.AudioGainHiRes => nameof(Gain),
        ShureParameters.AudioMute => nameof(IsMuted),
        ShureParameters.ChannelName => nameof(Name),
        ShureParameters.DanteChannelName => nameof(DanteChannelName),
        ShureParameters.AudioOutputClipIndicator => nameof(IsClipping),
        ShureParameters.LimiterEngaged => nameof(IsLimiting),
        ShureParameters.LedColorSignalClip => nameof(SignalLedColor),
        _ => null,
    };

    // "Output" or "Input", for ToString.
    private protected abstract string Noun { get; }

    private protected bool SwitchFrom(CommandString reply) =>
        reply.Value.TryGetSwitch(out var on)
            ? on
            : throw new DeviceProtocolException($"{Device.Session.EndPoint} reported an impossible switch value: {reply}.", Device.Session.EndPoint);

    private Gain GainFrom(CommandString reply) =>
        reply.Value.TryGetNumber(out var raw) && ShureDrivers.Gain.TryFromRaw(raw, out var gain)
            ? gain
            : throw new DeviceProtocolException($"{Device.Session.EndPoint} reported an impossible gain: {reply}.", Device.Session.EndPoint);
}
