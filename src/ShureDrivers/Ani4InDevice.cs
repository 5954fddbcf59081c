using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>
/// A Shure ANI4IN (four analog inputs to Dante) as a typed object: what every Shure interface has
/// (<see cref="ShureDevice"/>), its four <see cref="Inputs"/> with their preamps (analog gain, phantom power, mic
/// logic), and the input meter tap. Freshness, resync and threading are as for <see cref="Ani4OutDevice"/>; the
/// <c>MODEL</c> must start with <c>ANI4IN</c> unless <see cref="DeviceSessionOptions.ExpectedModelPrefix"/> says otherwise.
/// </summary>
public sealed class Ani4InDevice : ShureDevice
{
    private Ani4InDevice(string host, DeviceSessionOptions? options)
        : base(host, options, Ani4InCommandTable.Table, static (device, channel) => new Ani4InInput(device, channel), "input")
    {
        Inputs = Array.AsReadOnly(Channels.Cast<Ani4InInput>().ToArray());
    }

    /// <summary>The four inputs, channel 1 first.</summary>
    public IReadOnlyList<Ani4InInput> Inputs { get; }

    /// <summary>The meter tap: <c>PRE_FADER</c> or <c>POST_FADER</c>.</summary>
    public string? InputMeterMode => Token(Ani4InParameters.InputMeterMode);

    /// <summary>Connects to <paramref name="host"/> (name, address, <c>host:port</c>) and resynchronises; returns a ready device.</summary>
    /// <exception cref="ArgumentException">The host or options are invalid.</exception>
    /// <exception cref="DeviceModelMismatchException">The device is another model (an ANI4OUT, say: its <c>MODEL</c> names it).</exception>
    /// <exception cref="ShureDeviceException">The device could not be reached, or did not answer the dump or <c>MODEL</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<Ani4InDevice> ConnectAsync(string host, DeviceSessionOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(new Ani4InDevice(host, options), cancellationToken);

    /// <summary>Creates the device and connects in the background, returning at once (as <see cref="Ani4OutDevice.Open"/>).</summary>
    /// <exception cref="ArgumentException">The host or options are invalid.</exception>
    public static Ani4InDevice Open(string host, DeviceSessionOptions? options = null) => StartInBackground(new Ani4InDevice(host, options));

    /// <summary>Input 1..4.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A channel outside 1..4.</exception>
    public Ani4InInput Input(int channel) => Inputs[Guard.InRange(channel, 1, Ani4InCommandTable.InputCount, nameof(channel)) - 1];

    /// <summary>Sets the meter tap: pre-fader (before the digital gain and mute) or post-fader.</summary>
    /// <exception cref="ShureDeviceException">The device could not be reached, did not answer, or refused.</exception>
    public Task SetInputMeterModeAsync(bool postFader, CancellationToken cancellationToken = default) =>
        Session.QueryAsync(CommandString.Set(Ani4InParameters.InputMeterMode, CommandValue.FromToken(postFader ? "POST_FADER" : "PRE_FADER")), cancellationToken);

    private protected override string? PropertyFor(string parameter) =>
        parameter == Ani4InParameters.InputMeterMode ? nameof(InputMeterMode) : base.PropertyFor(parameter);
}
