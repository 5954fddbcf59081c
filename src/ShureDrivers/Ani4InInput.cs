using System;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>
/// One analog input of an <see cref="Ani4InDevice"/> (channel 1..4): what every channel has
/// (<see cref="ShureChannel"/>), and the preamp: its analog gain (0..51 dB in 3 dB steps), 48 V phantom power, and on
/// the BLOCK variant the mic logic (gating out, LED in).
/// </summary>
/// <remarks>Safe to use from any thread; <see cref="ShureChannel.PropertyChanged"/> is raised on the session's event thread.</remarks>
public sealed class Ani4InInput : ShureChannel
{
    internal Ani4InInput(ShureDevice device, int channel)
        : base(device, channel)
    {
    }

    /// <summary>The preamp (analog) gain in dB: 0, 3, 6 … 51.</summary>
    public int? AnalogGain => Device.Number(Ani4InParameters.AudioGain, Channel);

    /// <summary>True when 48 V phantom power is on.</summary>
    public bool? IsPhantomPowered => Device.Switch(Ani4InParameters.PhantomPowerEnable, Channel);

    /// <summary>The mic logic switch out (<c>HW_GATING_LOGIC</c>, ANI4IN-BLOCK); null where the firmware has none.</summary>
    public bool? IsGatingLogicOn => Device.Switch(Ani4InParameters.HardwareGatingLogic, Channel);

    /// <summary>The mic logic LED in (<c>CHAN_LED_IN_STATE</c>, ANI4IN-BLOCK); null where the firmware has none.</summary>
    public bool? IsLogicLedOn => Device.Switch(Ani4InParameters.ChannelLedInState, Channel);

    private protected override string Noun => "Input";

    /// <summary>Sets the preamp gain; returns the gain the device reports.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of 0, 3, 6 … 51 dB (checked before anything is sent).</exception>
    /// <exception cref="ShureDeviceException">The device could not be reached, did not answer, or refused.</exception>
    public async Task<int> SetAnalogGainAsync(int decibels, CancellationToken cancellationToken = default)
    {
        if (decibels is < 0 or > Ani4InCommandTable.AnalogGainMax || decibels % Ani4InCommandTable.AnalogGainStep != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(decibels), decibels, "The analog gain is 0 to 51 dB in 3 dB steps.");
        }

        return AnalogGainFrom(await Device.Session.QueryAsync(CommandString.Set(Channel, Ani4InParameters.AudioGain, CommandValue.FromNumber(decibels)), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Moves the preamp gain by <paramref name="decibels"/> (a multiple of 3) with <c>INC</c>/<c>DEC</c>, clamped to
    /// 0..51 dB before sending when the current gain is known; returns the gain the device reports.
    /// </summary>
    /// <remarks>As <see cref="ShureChannel.StepGainAsync"/>, it completes on the first analog gain report for this input after the step was sent.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">Not a multiple of 3 within ±51 dB.</exception>
    public async Task<int> StepAnalogGainAsync(int decibels, CancellationToken cancellationToken = default)
    {
        if (Math.Abs(decibels) > Ani4InCommandTable.AnalogGainMax || decibels % Ani4InCommandTable.AnalogGainStep != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(decibels), decibels, "An analog gain step is a multiple of 3 dB within ±51 dB.");
        }

        if (AnalogGain is { } current)
        {
            var target = Math.Max(0, Math.Min(Ani4InCommandTable.AnalogGainMax, current + decibels));
            decibels = target - current;
            if (decibels == 0)
            {
                return current;
            }
        }
        else if (decibels == 0)
        {
            return AnalogGainFrom(await Device.Session.QueryAsync(CommandString.Get(Channel, Ani4InParameters.AudioGain), cancellationToken).ConfigureAwait(false));
        }

        var command = decibels > 0
            ? CommandString.Increment(Channel, Ani4InParameters.AudioGain, decibels)
            : CommandString.Decrement(Channel, Ani4InParameters.AudioGain, -decibels);
        return AnalogGainFrom(await Device.Session.QueryAsync(command, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Turns 48 V phantom power on or off; returns the state the device reports.</summary>
    public async Task<bool> SetPhantomPowerAsync(bool on, CancellationToken cancellationToken = default) =>
        SwitchFrom(await Device.Session.QueryAsync(CommandString.Set(Channel, Ani4InParameters.PhantomPowerEnable, CommandValue.FromSwitch(on)), cancellationToken).ConfigureAwait(false));

    /// <summary>Turns the mic logic LED in on or off (ANI4IN-BLOCK); returns the state the device reports.</summary>
    /// <remarks>
    /// Whether the firmware answers this SET is a hardware question (docs/hardware-questions.md, H48): one
    /// transcription of the ANI4IN document says it does not. Unanswered, the call fails with
    /// <see cref="DeviceTimeoutException"/> rather than claim a change it cannot see.
    /// </remarks>
    public async Task<bool> SetLogicLedAsync(bool on, CancellationToken cancellationToken = default) =>
        SwitchFrom(await Device.Session.QueryAsync(CommandString.Set(Channel, Ani4InParameters.ChannelLedInState, CommandValue.FromSwitch(on)), cancellationToken).ConfigureAwait(false));

    internal override string? PropertyFor(string parameter) => parameter switch
    {
        Ani4InParameters.AudioGain => nameof(AnalogGain),
        Ani4InParameters.PhantomPowerEnable => nameof(IsPhantomPowered),
        Ani4InParameters.HardwareGatingLogic => nameof(IsGatingLogicOn),
        Ani4InParameters.ChannelLedInState => nameof(IsLogicLedOn),
        _ => base.PropertyFor(parameter),
    };

    private int AnalogGainFrom(CommandString reply) =>
        reply.Value.TryGetNumber(out var db) && db is >= 0 and <= Ani4InCommandTable.AnalogGainMax
            ? db
            : throw new DeviceProtocolException($"{Device.Session.EndPoint} reported an impossible analog gain: {reply}.", Device.Session.EndPoint);
}
