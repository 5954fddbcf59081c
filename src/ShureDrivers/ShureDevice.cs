using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>
/// A Shure audio network interface as a typed object over a resilient <see cref="DeviceSession"/>: what every model
/// shares (device information, the four <see cref="Channels"/>, presets, identify, LED brightness, metering, restore
/// defaults and reboot), kept current from the device's reports. <see cref="Ani4OutDevice"/> and
/// <see cref="Ani4InDevice"/> add their own; code that needs only these works on both.
/// <see cref="ShureDevices.ConnectAsync"/> opens whichever model answers.
/// </summary>
/// <remarks>
/// <para><b>Freshness.</b> The cache is stale until the first resync completes and again from the moment the link
/// drops until the resync after the reconnect completes; while stale, every typed value reads null, so a cached value
/// is never reported as fresh. A resync sends <c>GET 0 ALL</c> (falling back to <c>GET ALL</c>, then
/// <c>GET 1..4 ALL</c> if the device refuses or ignores it), then asks only for the values the dump did not deliver,
/// a few at a time (<see cref="DeviceSessionOptions.MaxResyncRequestsInFlight"/>). A value the firmware rejects or
/// never answers stays unknown (null) and is asked for again at the next resync; only <c>MODEL</c> may fail a
/// connect, and it must start with <see cref="DeviceSessionOptions.ExpectedModelPrefix"/>.</para>
/// <para><b>Threading.</b> All members are safe to call from any number of threads at once. Events
/// (<see cref="PropertyChanged"/>, <see cref="Changed"/>, the outputs' events) are raised on the session's single
/// event thread, in order, never on the read loop.</para>
/// </remarks>
public abstract partial class ShureDevice : IAsyncDisposable, INotifyPropertyChanged, ISessionHandler
{
    private readonly object _gate = new();
    private readonly DeviceValues _values;
    private readonly ShureChannel[] _channels;
    private readonly TrackedKeys _trackedKeys;
    private readonly IReadOnlyList<ParameterKey> _tracked;
    private readonly DeviceSynchronizer _synchronizer;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private ResyncProgress? _progress;
    private long _linkGeneration;
    private MeterFeed[] _feeds = [];
    private bool _stale = true;
    private bool _meteringStartedHere;
    private int _recalling;

    /// <param name="host">The device.</param>
    /// <param name="options">The caller's options; the model's table and model prefix apply where it sets neither.</param>
    /// <param name="table">The model's command table (its channel count sizes <see cref="Channels"/>).</param>
    /// <param name="channel">Creates channel n (1-based) of this device.</param>
    /// <param name="channelNoun">"output" or "input": how messages name a channel of this model.</param>
    private protected ShureDevice(string host, DeviceSessionOptions? options, CommandTable table, Func<ShureDevice, int, ShureChannel> channel, string channelNoun)
    {
        // The session reaches this object only through ISessionHandler; nothing flows before StartAsync.
        Session = new DeviceSession(host, (options ?? new DeviceSessionOptions()).ForModel(table), this);
        _channels = Enumerable.Range(1, table.ChannelCount).Select(ch => channel(this, ch)).ToArray();
        Channels = Array.AsReadOnly(_channels);
        _trackedKeys = TrackedKeys.Of(Session.Options.Table);
        _tracked = _trackedKeys.InOrder;
        _values = new DeviceValues(_trackedKeys);
        _logger = (Session.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.SessionCategory);
        _synchronizer = new DeviceSynchronizer(Session, _tracked, _logger, channelNoun);
    }

    /// <summary>Raised when a device-level value changes (property names as below); <c>""</c> after a resync.</summary>
    public event PropertyChangedEventHandler? PropertyChanged;

    /// <summary>
    /// Raised for every value that changes, device-level or per output. Values read through methods (the PEQ filters,
    /// preset names) are reported here only: no property carries them, so no <see cref="PropertyChanged"/> names them.
    /// </summary>
    public event EventHandler<DeviceChangedEventArgs>? Changed;

    /// <summary>Raised after every resync (first connect, reconnects, preset recalls, <see cref="RefreshAsync"/>).</summary>
    public event EventHandler? Synchronized;

    /// <summary>The underlying session: connection state, raw commands, events.</summary>
    public DeviceSession Session { get; }

    /// <summary>The channels (an ANI4OUT's outputs, an ANI4IN's inputs), channel 1 first.</summary>
    public IReadOnlyList<ShureChannel> Channels { get; }

    /// <summary>True while the cache is not known to match the device (values read null).</summary>
    public bool IsStale
    {
        get
        {
            lock (_gate)
            {
                return _stale;
            }
        }
    }

    /// <summary>The model and variant, as the device reports it (<c>ANI4OUT-XLR</c>, <c>ANI4IN-BLOCK</c>, …).</summary>
    public string? Model => Text(ShureParameters.Model);

    /// <summary>The serial number.</summary>
    public string? SerialNumber => Text(ShureParameters.SerialNumber);

    /// <summary>The firmware version as the device writes it (a trailing <c>*</c> marks invalid firmware).</summary>
    public string? FirmwareVersionText => Text(ShureParameters.FirmwareVersion);

    /// <summary>The firmware version as MAJOR.MINOR.PATCH, or null when it does not parse.</summary>
    public Version? FirmwareVersion => ParseVersion(FirmwareVersionText);

    /// <summary>The Shure device name (set in the web app).</summary>
    public string? DeviceId => Text(ShureParameters.DeviceId);

    /// <summary>The Dante device name.</summary>
    public string? DanteDeviceName => Text(ShureParameters.DanteDeviceName);

    /// <summary>The Dante interface's address (not the control address).</summary>
    public IPAddress? DanteAddress => Address(ShureParameters.IPAddressNetworkAudioPrimary);

    /// <summary>The Dante interface's subnet mask.</summary>
    public IPAddress? DanteSubnetMask => Address(ShureParameters.IPSubnetNetworkAudioPrimary);

    /// <summary>The Dante interface's gateway.</summary>
    public IPAddress? DanteGateway => Address(ShureParameters.IPGatewayNetworkAudioPrimary);

    /// <summary>The control interface's MAC, <c>00:0E:DD:…</c>.</summary>
    public string? ControlMacAddress => Token(ShureParameters.ControlMacAddress);

    /// <summary>True when network-audio encryption is on.</summary>
    public bool? IsEncrypted => Switch(ShureParameters.Encryption);

    /// <summary>The most recent error event's text.</summary>
    public string? LastErrorEvent => Text(ShureParameters.LastErrorEvent);

    /// <summary>The last recalled preset, 1..10; 0 after a factory reset.</summary>
    public int? ActivePreset => Number(ShureParameters.Preset);

    /// <summary>LED brightness: 0 off, 1 dim, 2 normal.</summary>
    public int? LedBrightness => Number(ShureParameters.LedBrightness);

    /// <summary>Meter rate in ms; 0 when metering is off.</summary>
    public int? MeterRate => Number(ShureParameters.MeterRate);

    /// <summary>True while the device flashes its LEDs for identification.</summary>
    public bool? IsIdentifying => Switch(ShureParameters.Flash);

    /// <summary>The summing mode token (<c>OFF</c>, <c>1+2</c>, …).</summary>
    public string? SummingMode => Token(ShureParameters.AudioSummingMode);

    /// <summary>Starts <paramref name="device"/>'s session in the background and returns it at once.</summary>
    private protected static TDevice StartInBackground<TDevice>(TDevice device)
        where TDevice : ShureDevice
    {
        device.Session.Start();
        return device;
    }

    /// <summary>Starts <paramref name="device"/>'s session and resynchronises; disposes it when that fails.</summary>
    private protected static async Task<TDevice> StartAsync<TDevice>(TDevice device, CancellationToken cancellationToken)
        where TDevice : ShureDevice
    {
        try
        {
            await device.Session.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await device.Session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return device;
    }

    /// <summary>The name of preset 1..10 (empty for an unused slot).</summary>
    public string? GetPresetName(int preset) => Text(ShureParameters.PresetNamePrefix + Guard.InRange(preset, 1, Ani4OutCommandTable.PresetCount, nameof(preset)).ToString(CultureInfo.InvariantCulture));

    /// <summary>Recalls preset 1..10, then resynchronises (a recall changes many values).</summary>
    /// <remarks>
    /// Returns once the device accepted the recall. If the resync after it fails (a slow or busy device), the recall
    /// still happened: the call returns, <see cref="IsStale"/> stays true and values read null while the resync is
    /// retried in the background (see <see cref="RefreshAsync"/>). Only a refused recall throws.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A preset outside 1..10.</exception>
    /// <exception cref="DeviceCommandRejectedException">The slot is empty or the device refused the recall.</exception>
    public async Task RecallPresetAsync(int preset, CancellationToken cancellationToken = default)
    {
        Guard.InRange(preset, 1, Ani4OutCommandTable.PresetCount, nameof(preset));
        Interlocked.Increment(ref _recalling);
        try
        {
            await Session.QueryAsync(CommandString.Set(ShureParameters.Preset, CommandValue.FromNumber(preset)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _recalling);
        }

        await RefreshAfterChangeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Restores the factory settings (<c>SET DEFAULT_SETTINGS</c>; presets are kept), then resynchronises. Completes on
    /// either documented acknowledgement, <c>REP PRESET 00</c> or <c>REP DEFAULT_SETTINGS 00</c>.
    /// </summary>
    /// <exception cref="DeviceCommandRejectedException">The device refused (firmware before 2.x has no such command).</exception>
    public async Task RestoreDefaultSettingsAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _recalling);
        try
        {
            await Session.QueryAsync(CommandString.Set(ShureParameters.DefaultSettings), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _recalling);
        }

        await RefreshAfterChangeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts (or stops) flashing the LEDs; the device stops by itself after about 30 s.</summary>
    public Task IdentifyAsync(bool on = true, CancellationToken cancellationToken = default) =>
        Session.QueryAsync(CommandString.Set(ShureParameters.Flash, CommandValue.FromSwitch(on)), cancellationToken);

    /// <summary>Sets LED brightness: 0 off, 1 dim, 2 normal.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0..2.</exception>
    public Task SetLedBrightnessAsync(int level, CancellationToken cancellationToken = default) =>
        Session.QueryAsync(CommandString.Set(ShureParameters.LedBrightness, CommandValue.FromNumber(Guard.InRange(level, 0, 2, nameof(level)))), cancellationToken);

    /// <summary>Sets the meter rate: 0 turns metering off, else 100..99999 ms.</summary>
    /// <exception cref="ArgumentOutOfRangeException">1..99 or beyond 99999.</exception>
    public Task SetMeterRateAsync(int milliseconds, CancellationToken cancellationToken = default)
    {
        if (milliseconds != 0 && (milliseconds < Ani4OutCommandTable.MeterRateMin || milliseconds > Ani4OutCommandTable.MeterRateMax))
        {
            throw new ArgumentOutOfRangeException(nameof(milliseconds), milliseconds, "The meter rate is 0 (off) or 100..99999 ms.");
        }

        return Session.QueryAsync(CommandString.Set(ShureParameters.MeterRate, CommandValue.FromNumber(milliseconds)), cancellationToken);
    }

    /// <summary>
    /// Opens a bounded feed of meter readings (drop-oldest) and sets the meter rate. When the device is disposed, a
    /// meter rate started here is set back to 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate outside 100..99999 ms or a capacity below 1.</exception>
    public async Task<MeterFeed> StartMeteringAsync(int milliseconds, int capacity = 64, CancellationToken cancellationToken = default)
    {
        Guard.InRange(milliseconds, Ani4OutCommandTable.MeterRateMin, Ani4OutCommandTable.MeterRateMax, nameof(milliseconds));
        var feed = OpenMeterFeed(capacity);
        try
        {
            await SetMeterRateAsync(milliseconds, cancellationToken).ConfigureAwait(false);
            _meteringStartedHere = true;
        }
        catch
        {
            feed.Dispose();
            throw;
        }

        return feed;
    }

    /// <summary>Opens a bounded feed of meter readings (drop-oldest) without changing the meter rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A capacity below 1.</exception>
    public MeterFeed OpenMeterFeed(int capacity = 64)
    {
        Guard.InRange(capacity, 1, 1_000_000, nameof(capacity));
        var feed = new MeterFeed(capacity, RemoveFeed);
        lock (_gate)
        {
            _feeds = [.. _feeds, feed];
        }

        return feed;
    }

    /// <summary>Mutes or unmutes every channel (there is no device-wide mute: each channel is set, and confirmed).</summary>
    public async Task MuteAllAsync(bool muted, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(_channels.Select(c => c.SetMuteAsync(muted, cancellationToken))).ConfigureAwait(false);

    /// <summary>
    /// Restarts the device (<c>SET REBOOT</c>, firmware 2 and later; the device does not answer it). The link drops
    /// while it boots; with <see cref="DeviceSessionOptions.AutoReconnect"/> the session reconnects and resynchronises.
    /// </summary>
    /// <exception cref="ShureDeviceException">The command could not be sent.</exception>
    public Task RebootAsync(CancellationToken cancellationToken = default) =>
        Session.SendAsync(CommandString.Set(ShureParameters.Reboot), cancellationToken);

    /// <summary>Rereads every value from the device.</summary>
    /// <remarks>
    /// If it fails while the link stays up (the device did not answer <c>MODEL</c>, or you cancelled), the values stay
    /// null and the resync is retried in the background with backoff (<see cref="DeviceSessionOptions.ReconnectDelay"/>
    /// doubling up to <see cref="DeviceSessionOptions.MaxReconnectDelay"/>) until it succeeds or the link drops (the
    /// reconnect then resynchronises).
    /// </remarks>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await SynchronizeCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ShureDeviceException or OperationCanceledException)
        {
            ScheduleResyncRetry();
            throw;
        }
    }

    /// <summary>Sets a meter rate started here back to 0, then closes the session and every meter feed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_meteringStartedHere && Session.State == ConnectionState.Connected)
        {
            try
            {
                await Session.QueryAsync(CommandString.Set(ShureParameters.MeterRate, CommandValue.FromNumber(0))).ConfigureAwait(false);
            }
            catch (ShureDeviceException)
            {
                // Best effort: the device may already be gone.
            }
        }

        _lifetime.Cancel();
        await Session.DisposeAsync().ConfigureAwait(false);
        MeterFeed[] feeds;
        lock (_gate)
        {
            feeds = _feeds;
            _feeds = [];
        }

        foreach (var feed in feeds)
        {
            feed.Complete();
        }

        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Model ?? Session.Options.Table.Model} at {Session.EndPoint}";

    internal int? Number(string name, int channel = -1, int index = -1) => Read(name, channel, index) is { } v && v.TryGetNumber(out var n) ? n : null;

    internal bool? Switch(string name, int channel = -1, int index = -1) => Read(name, channel, index) is { } v && v.TryGetSwitch(out var on) ? on : null;

    internal string? Text(string name, int channel = -1) => Read(name, channel, -1) is { Kind: CommandValueKind.Text } v ? v.Text : null;

    internal string? Token(string name, int channel = -1) => Read(name, channel, -1) is { Kind: CommandValueKind.Token } v ? v.Text : null;

    private CommandValue? Read(string name, int channel, int index)
    {
        lock (_gate)
        {
            return !_stale && _values.TryGetValue(new ParameterKey(name, channel, index), out var value) ? value : null;
        }
    }

    private IPAddress? Address(string name) => Text(name) is { } text && IPAddress.TryParse(text, out var address) ? address : null;

    private static Version? ParseVersion(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.TrimEnd('*').Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        var numbers = new int[3];
        for (var i = 0; i < 3; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] > 65535)
            {
                return null;
            }
        }

        return new Version(numbers[0], numbers[1], numbers[2]);
    }

    void ISessionHandler.OnLinkLost()
    {
        lock (_gate)
        {
            _stale = true;
            _linkGeneration++;
            _values.ForgetConfirmations();
        }
    }

    // On the read loop: keep it short and never call user code here.
    void ISessionHandler.OnReport(CommandString report)
    {
        if (report.Kind != CommandKind.Report)
        {
            return;
        }

        var key = ParameterKey.Of(report);
        if (key.Name == ShureParameters.DefaultSettings)
        {
            lock (_gate)
            {
                _values.ForgetConfirmations();
            }

            // Newer firmware's acknowledgement of a factory reset (by another controller): every value may have changed.
            if (!IsStale && Volatile.Read(ref _recalling) == 0)
            {
                _ = RefreshAfterChangeAsync();
            }

            return;
        }

        CommandValue? old;
        bool stale;
        ResyncProgress? resync;
        lock (_gate)
        {
            old = _values.TryGetValue(key, out var previous) ? previous : null;
            stale = _stale;
            if (key.Name == ShureParameters.Preset)
            {
                // A recall may change every value the device confirmed before it.
                _values.ForgetConfirmations();
            }

            _values.Report(key, report.Value);
            _progress?.Record(key);
            resync = _progress;
        }

        // Another model ends the resync the moment its MODEL arrives (outside the lock: cancellation runs callbacks).
        if (key.Name == ShureParameters.Model && resync is not null && ModelMismatch(report.Value.Text) is { } mismatch)
        {
            resync.Abort(mismatch);
        }

        if (old == report.Value)
        {
            return;
        }

        // A recall from the web app or another controller: the device may not report every value it changed.
        if (key.Name == ShureParameters.Preset && !stale && Volatile.Read(ref _recalling) == 0 && old is not null)
        {
            _ = RefreshAfterChangeAsync();
        }

        var owner = report.Channel is { } channel && channel >= 1 && channel <= _channels.Length ? _channels[channel - 1] : null;
        var property = owner is not null ? owner.PropertyFor(report.Name) : PropertyFor(report.Name);

        // Nobody listening: no arguments, no closure, nothing queued on the event thread (a handler added later sees
        // later changes, as with any .NET event).
        if (Changed is null && (property is null || (owner is null ? PropertyChanged is null : !owner.HasPropertyChangedHandlers)))
        {
            return;
        }

        PostChange(new DeviceChangedEventArgs(report.Name, report.Channel, report.Index, old, report.Value), owner, property);
    }

    // Its own method: a lambda in OnReport that captured the report made the compiler allocate its closure on entry,
    // for every report, listened to or not.
    private void PostChange(DeviceChangedEventArgs args, ShureChannel? owner, string? property) =>
        Session.Post(() =>
        {
            if (property is not null)
            {
                if (owner is not null)
                {
                    owner.RaisePropertyChanged(property);
                }
                else
                {
                    PropertyChanged?.Invoke(this, new PropertyChangedEventArgs(property));
                }
            }

            Changed?.Invoke(this, args);
        });

    void ISessionHandler.OnSample(ReadOnlySpan<int> levels)
    {
        MeterFeed[] feeds;
        lock (_gate)
        {
            feeds = _feeds;
        }

        if (feeds.Length == 0 || levels.Length < MeterReading.ChannelCount)
        {
            return;
        }

        var reading = new MeterReading(
            Session.Options.TimeProvider.GetUtcNow(),
            Math.Min(levels[0], MeterReading.FullScale),
            Math.Min(levels[1], MeterReading.FullScale),
            Math.Min(levels[2], MeterReading.FullScale),
            Math.Min(levels[3], MeterReading.FullScale));
        foreach (var feed in feeds)
        {
            feed.Offer(reading);
        }
    }

    private void RemoveFeed(MeterFeed feed)
    {
        lock (_gate)
        {
            _feeds = _feeds.Where(f => f != feed).ToArray();
        }
    }

    /// <summary>The property a device-level report of <paramref name="parameter"/> changes, or null.</summary>
    private protected virtual string? PropertyFor(string parameter) => parameter switch
    {
        ShureParameters.Model => nameof(Model),
        ShureParameters.SerialNumber => nameof(SerialNumber),
        ShureParameters.FirmwareVersion => nameof(FirmwareVersion),
        ShureParameters.DeviceId => nameof(DeviceId),
        ShureParameters.DanteDeviceName => nameof(DanteDeviceName),
        ShureParameters.IPAddressNetworkAudioPrimary => nameof(DanteAddress),
        ShureParameters.IPSubnetNetworkAudioPrimary => nameof(DanteSubnetMask),
        ShureParameters.IPGatewayNetworkAudioPrimary => nameof(DanteGateway),
        ShureParameters.ControlMacAddress => nameof(ControlMacAddress),
        ShureParameters.Encryption => nameof(IsEncrypted),
        ShureParameters.LastErrorEvent => nameof(LastErrorEvent),
        ShureParameters.Preset => nameof(ActivePreset),
        ShureParameters.LedBrightness => nameof(LedBrightness),
        ShureParameters.MeterRate => nameof(MeterRate),
        ShureParameters.Flash => nameof(IsIdentifying),
        ShureParameters.AudioSummingMode => nameof(SummingMode),
        _ => null,
    };
}
