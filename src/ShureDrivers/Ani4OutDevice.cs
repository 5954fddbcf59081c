using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>
/// A Shure ANI4OUT (four analog outputs from Dante) as a typed object: what every Shure interface has
/// (<see cref="ShureDevice"/>), its four <see cref="Outputs"/> with their levels, and the output meter tap.
/// </summary>
/// <remarks>
/// <para><b>Freshness.</b> The cache is stale until the first resync completes and again from the moment the link
/// drops until the resync after the reconnect completes; while stale, every typed value reads null, so a cached value
/// is never reported as fresh. A resync sends <c>GET 0 ALL</c> (falling back to <c>GET ALL</c>, then
/// <c>GET 1..4 ALL</c> if the device refuses or ignores it), then asks only for the values the dump did not deliver,
/// a few at a time (<see cref="DeviceSessionOptions.MaxResyncRequestsInFlight"/>). A value the firmware rejects or
/// never answers stays unknown (null) and is asked for again at the next resync; only <c>MODEL</c> may fail a
/// connect, and it must start with <see cref="DeviceSessionOptions.ExpectedModelPrefix"/> (<c>ANI4OUT</c> unless set).</para>
/// <para><b>Threading.</b> All members are safe to call from any number of threads at once. Events are raised on the
/// session's single event thread, in order, never on the read loop.</para>
/// </remarks>
public sealed class Ani4OutDevice : ShureDevice
{
    private Ani4OutDevice(string host, DeviceSessionOptions? options)
        : base(host, options, Ani4OutCommandTable.Table, static (device, channel) => new Ani4OutOutput(device, channel), "output")
    {
        Outputs = Array.AsReadOnly(Channels.Cast<Ani4OutOutput>().ToArray());
    }

    /// <summary>The four outputs, channel 1 first.</summary>
    public IReadOnlyList<Ani4OutOutput> Outputs { get; }

    /// <summary>The meter tap: <c>PRE_FADER</c> or <c>POST_FADER</c>.</summary>
    public string? OutputMeterMode => Token(Ani4OutParameters.OutputMeterMode);

    /// <summary>Connects to <paramref name="host"/> (name, address, <c>host:port</c>) and resynchronises; returns a ready device.</summary>
    /// <exception cref="ArgumentException">The host or options are invalid.</exception>
    /// <exception cref="DeviceModelMismatchException">The device is another model (its <c>MODEL</c> names it).</exception>
    /// <exception cref="ShureDeviceException">The device could not be reached, or did not answer the dump or <c>MODEL</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<Ani4OutDevice> ConnectAsync(string host, DeviceSessionOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(new Ani4OutDevice(host, options), cancellationToken);

    /// <summary>
    /// Creates the device and connects in the background, returning at once: for a service that may start before
    /// the device is up. Until the first connect and resync succeed, <see cref="DeviceSession.State"/> (on <see cref="ShureDevice.Session"/>) is
    /// <see cref="ConnectionState.Connecting"/>, every value reads null, and commands fail at once with
    /// <see cref="DeviceConnectionException"/>; attempts back off from <see cref="DeviceSessionOptions.ReconnectDelay"/>
    /// to <see cref="DeviceSessionOptions.MaxReconnectDelay"/>. Afterwards it is the device <see cref="ConnectAsync"/>
    /// returns. Another model stops the attempts (<see cref="ConnectionState.Disconnected"/>, with
    /// <see cref="DeviceModelMismatchException"/> in <see cref="DeviceSession.LastFailure"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The host or options are invalid.</exception>
    public static Ani4OutDevice Open(string host, DeviceSessionOptions? options = null) => StartInBackground(new Ani4OutDevice(host, options));

    /// <summary>Output 1..4.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A channel outside 1..4.</exception>
    public Ani4OutOutput Output(int channel) => Outputs[Guard.InRange(channel, 1, Ani4OutCommandTable.OutputCount, nameof(channel)) - 1];

    private protected override string? PropertyFor(string parameter) =>
        parameter == Ani4OutParameters.OutputMeterMode ? nameof(OutputMeterMode) : base.PropertyFor(parameter);
}
