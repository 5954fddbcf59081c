using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

/// <summary>
/// A simulated ANI4OUT: the full device state of the protocol reference and its command-string behaviour, served on
/// any duplex stream (<see cref="RunSessionAsync"/>), over loopback TCP (<see cref="SimulatorTcpListener"/>) or in
/// memory (<see cref="CreateConnector"/>).
/// </summary>
/// <remarks>
/// <para>GET is answered with REP; SET is applied and its resulting value reported to every connected session;
/// changes made through this API (as if from the web app) are reported to every session too. Invalid commands get
/// <c>&lt; REP ERR &gt;</c>. Metering, FLASH, reboot and reply delays run on <see cref="SimulatorOptions.TimeProvider"/>,
/// so tests can drive them with a manual clock.</para>
/// <para>All members are safe to call from several threads.</para>
/// </remarks>
public sealed class Ani4OutSimulator : IDisposable
{
    /// <summary>Parameters a preset stores: everything audio, never names of the device, IP settings or passwords.</summary>
    public static IReadOnlyList<string> PresetParameters { get; } =
        ["AUDIO_GAIN_HI_RES", "AUDIO_MUTE", "AUDIO_OUT_LVL_SWITCH", "PEQ", "CHAN_NAME", "AUDIO_SUMMING_MODE", "OUTPUT_METER_MODE", "LED_BRIGHTNESS"];

    private static readonly byte[] ErrorFrame = Encoding.ASCII.GetBytes("< REP ERR >");

    private readonly object _gate = new();
    private readonly CommandTable _table = Ani4OutCommandTable.Table;
    private readonly CommandStringParser _parser = CommandStringParser.Ani4Out;
    private readonly CommandStringFormatter _formatter = CommandStringFormatter.Ani4Out;
    private readonly Dictionary<ParameterKey, CommandValue> _state = new();
    private readonly Dictionary<ParameterKey, CommandValue>?[] _presets = new Dictionary<ParameterKey, CommandValue>?[Ani4OutCommandTable.PresetCount + 1];
    private readonly Dictionary<ParameterKey, CommandValue> _factory;
    private readonly ConcurrentDictionary<int, SimulatorSession> _sessions = new();
    private readonly Queue<string> _received = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ILogger _logger;
    private readonly long _startTimestamp;
    private ITimer? _meterTimer;
    private ITimer? _flashTimer;
    private ITimer? _bootTimer;
    private int _meterOwner = -1;
    private int _nextSessionId;
    private bool _booting;
    private bool _disposed;

    /// <summary>Creates a simulated device in its factory state.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent (a MAC that is not 6 bytes, a negative time).</exception>
    public Ani4OutSimulator(SimulatorOptions? options = null)
    {
        Options = (options ?? new SimulatorOptions()).Clone();
        if (Options.ControlMac is not { Length: 6 })
        {
            throw new ArgumentException("ControlMac must be 6 bytes.", nameof(options));
        }

        if (Options.BootTime < TimeSpan.Zero || Options.FlashDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException("BootTime must not be negative and FlashDuration must be positive.", nameof(options));
        }

        Options.ControlMac = (byte[])Options.ControlMac.Clone();
        _logger = (Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(SimulatorLog.Category);
        _startTimestamp = Options.TimeProvider.GetTimestamp();
        Faults = new SimulatorFaults(this);
        MacAddress = string.Join(":", Options.ControlMac.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
        HostName = "ANI4OUT-" + string.Concat(Options.ControlMac.Skip(3).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        _factory = BuildFactoryState();
        foreach (var pair in _factory)
        {
            _state[pair.Key] = pair.Value;
        }

        SimulatorLog.Started(_logger, ModelName, HostName, MacAddress);
    }

    /// <summary>Raised when the device starts rebooting (true) and when it is back (false).</summary>
    public event EventHandler<bool>? BootStateChanged;

    /// <summary>Raised for every frame the device receives, after it is handled.</summary>
    public event EventHandler<string>? FrameReceived;

    /// <summary>The options the simulator was created with (a copy).</summary>
    public SimulatorOptions Options { get; }

    /// <summary>Fault injection for tests.</summary>
    public SimulatorFaults Faults { get; }

    /// <summary><c>ANI4OUT-XLR</c> or <c>ANI4OUT-BLOCK</c>.</summary>
    public string ModelName => Options.Model == Ani4OutModel.Block ? "ANI4OUT-BLOCK" : "ANI4OUT-XLR";

    /// <summary>The control MAC, <c>00:0E:DD:53:99:E0</c>.</summary>
    public string MacAddress { get; }

    /// <summary>The mDNS host name without <c>.local</c>: <c>ANI4OUT-aabbcc</c> from the last three MAC bytes.</summary>
    public string HostName { get; }

    /// <summary>Connected sessions.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>True while the device is rebooting.</summary>
    public bool IsBooting
    {
        get
        {
            lock (_gate)
            {
                return _booting;
            }
        }
    }

    /// <summary>True when a new connection would be accepted (not booting, not refusing, under the session cap).</summary>
    public bool IsAcceptingConnections => RefusalReason() is null;

    /// <summary>The most recent frames received from all sessions, oldest first, as text.</summary>
    public IReadOnlyList<string> ReceivedFrames
    {
        get
        {
            lock (_received)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>Forgets <see cref="ReceivedFrames"/>.</summary>
    public void ClearReceivedFrames()
    {
        lock (_received)
        {
            _received.Clear();
        }
    }

    // ---- State API: as if the web app or the front panel changed something. ----

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
                if (key.Name == "METER_RATE")
                {
                    RestartMeterLocked(-1);
                }

                BroadcastLocked(_formatter.FormatBytes(report));
            }
        }
    }

    /// <summary>The gain of output 1..4.</summary>
    public Gain GetGain(int output) => Gain.FromRaw(GetValue("AUDIO_GAIN_HI_RES", CheckOutput(output)).Number);

    /// <summary>Sets the gain of output 1..4, as if from the web app.</summary>
    public void SetGain(int output, Gain gain) => SetValue("AUDIO_GAIN_HI_RES", CommandValue.FromNumber(gain.Raw), CheckOutput(output));

    /// <summary>True when output 1..4 is muted.</summary>
    public bool IsMuted(int output) => GetValue("AUDIO_MUTE", CheckOutput(output)).TryGetSwitch(out var on) && on;

    /// <summary>Mutes or unmutes output 1..4, as if from the web app.</summary>
    public void SetMuted(int output, bool muted) => SetValue("AUDIO_MUTE", CommandValue.FromSwitch(muted), CheckOutput(output));

    /// <summary>The output level token of output 1..4 (<c>LINE_LVL</c>, <c>AUX_LVL</c>, <c>MIC_LVL</c>).</summary>
    public string GetOutputLevel(int output) => GetValue("AUDIO_OUT_LVL_SWITCH", CheckOutput(output)).Text!;

    /// <summary>The name of output 1..4.</summary>
    public string GetChannelName(int output) => GetValue("CHAN_NAME", CheckOutput(output)).Text!;

    /// <summary>Renames output 1..4, as if from the web app.</summary>
    public void SetChannelName(int output, string name) => SetValue("CHAN_NAME", CommandValue.FromText(name), CheckOutput(output));

    /// <summary>The active preset, 0 for none.</summary>
    public int ActivePreset => GetValue("PRESET").Number;

    /// <summary>The meter rate in ms, 0 when metering is off.</summary>
    public int MeterRate => GetValue("METER_RATE").Number;

    /// <summary>True while the LEDs flash for identification.</summary>
    public bool IsFlashing => GetValue("FLASH").TryGetSwitch(out var on) && on;

    /// <summary>Records an error event, as the device does, reported by <c>LAST_ERROR_EVENT</c>.</summary>
    public void RaiseErrorEvent(string text) => SetValue("LAST_ERROR_EVENT", CommandValue.FromText(text));

    /// <summary>Saves the current audio settings into preset slot 1..10 under <paramref name="name"/>, as the web app does.</summary>
    /// <exception cref="ArgumentException">A slot outside 1..10 or a name that is not printable ASCII of at most 25 characters.</exception>
    public void SavePreset(int slot, string name)
    {
        CheckSlot(slot);
        var nameReport = CommandString.Report("PRESET" + slot.ToString(CultureInfo.InvariantCulture), CommandValue.FromText(Guard.NotNull(name, nameof(name))));
        if (!_table.TryValidate(nameReport, out var error) || !CommandValue.IsSafeText(name))
        {
            throw new ArgumentException(error ?? "Preset names hold printable ASCII without < > { } only.", nameof(name));
        }

        lock (_gate)
        {
            _presets[slot] = _state.Where(p => IsPresetParameter(p.Key.Name)).ToDictionary(p => p.Key, p => p.Value);
            var key = new ParameterKey(nameReport.Name);
            _state[key] = nameReport.Value;
            BroadcastLocked(_formatter.FormatBytes(nameReport));
        }
    }

    /// <summary>Empties preset slot 1..10.</summary>
    public void ClearPreset(int slot)
    {
        CheckSlot(slot);
        lock (_gate)
        {
            _presets[slot] = null;
            var nameKey = new ParameterKey("PRESET" + slot.ToString(CultureInfo.InvariantCulture));
            _state[nameKey] = CommandValue.FromText(string.Empty);
            BroadcastLocked(_formatter.FormatBytes(MakeReport(nameKey, _state[nameKey])));
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

    /// <summary>
    /// Serves one client on <paramref name="stream"/> until the client disconnects, the session is dropped, or
    /// <paramref name="cancellationToken"/> is cancelled. The stream is disposed when the session ends.
    /// </summary>
    public Task RunSessionAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(stream, nameof(stream));
        ThrowIfDisposed();
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var session = new SimulatorSession(this, Interlocked.Increment(ref _nextSessionId), stream, Options.MaxQueuedFramesPerSession, linked.Token);
        _sessions[session.Id] = session;
        SimulatorLog.SessionOpened(_logger, HostName, session.Id);
        return RunAndForgetAsync(session, linked);
    }

    /// <summary>Opens an in-memory connection and serves it; returns the client's end.</summary>
    /// <exception cref="SocketException">The device is rebooting or refusing connections (<see cref="SocketError.ConnectionRefused"/>).</exception>
    public Stream ConnectInMemory()
    {
        ThrowIfDisposed();
        var reason = RefusalReason();
        if (reason is not null)
        {
            SimulatorLog.ConnectionRefused(_logger, HostName, reason);
            throw new SocketException((int)SocketError.ConnectionRefused);
        }

        var (client, server) = DuplexPipeStream.CreatePair();
        _ = RunSessionAsync(server);
        return client;
    }

    /// <summary>A connector that reaches this simulator in memory, whatever host and port it is asked for.</summary>
    public InMemoryDeviceConnector CreateConnector() => new(this);

    /// <summary>Restarts the device: every session closes without a reply, connections are refused for <see cref="SimulatorOptions.BootTime"/>, then it comes back with its settings (metering and FLASH off).</summary>
    public void Reboot()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _booting = true;
            _meterTimer?.Dispose();
            _meterTimer = null;
            _flashTimer?.Dispose();
            _flashTimer = null;
            _state[new ParameterKey("METER_RATE")] = CommandValue.FromNumber(0);
            _state[new ParameterKey("FLASH")] = CommandValue.FromSwitch(false);
            _bootTimer?.Dispose();
            _bootTimer = Options.TimeProvider.CreateTimer(_ => FinishBoot(), null, Options.BootTime, Timeout.InfiniteTimeSpan);
        }

        SimulatorLog.Rebooting(_logger, HostName, Options.BootTime);
        DropAllSessions();
        BootStateChanged?.Invoke(this, true);
    }

    /// <summary>Closes every session at once, without a goodbye.</summary>
    public void DropAllSessions()
    {
        foreach (var session in _sessions.Values)
        {
            session.Abort();
        }
    }

    /// <summary>Stops every session and timer.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _meterTimer?.Dispose();
            _flashTimer?.Dispose();
            _bootTimer?.Dispose();
        }

        _lifetime.Cancel();
        DropAllSessions();
        _lifetime.Dispose();
    }

    // ---- Used by sessions, faults and listeners. ----

    internal string? RefusalReason()
    {
        if (_disposed)
        {
            return "disposed";
        }

        if (IsBooting)
        {
            return "rebooting";
        }

        if (Faults.RefuseConnections)
        {
            return "refusing connections (fault)";
        }

        return Faults.MaxSessions is { } max && _sessions.Count >= max ? $"session limit {max} reached (fault)" : null;
    }

    internal void Broadcast(byte[] frame)
    {
        lock (_gate)
        {
            BroadcastLocked(frame);
        }
    }

    internal void HandleFrame(SimulatorSession session, in ReadOnlySequence<byte> frame)
    {
        var text = Encoding.ASCII.GetString(frame.ToArray());
        SimulatorLog.FrameReceived(_logger, HostName, session.Id, text);
        Record(text);
        var reason = Handle(session, text);
        if (reason is not null)
        {
            SimulatorLog.CommandRejected(_logger, HostName, text, reason);
            session.Enqueue(ErrorFrame);
        }

        FrameReceived?.Invoke(this, text);
    }

    private async Task RunAndForgetAsync(SimulatorSession session, CancellationTokenSource linked)
    {
        try
        {
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _sessions.TryRemove(session.Id, out _);
            linked.Dispose();
            SimulatorLog.SessionClosed(_logger, HostName, session.Id);
        }
    }

    private void Record(string text)
    {
        lock (_received)
        {
            _received.Enqueue(text);
            while (_received.Count > Math.Max(0, Options.ReceivedFrameHistory))
            {
                _received.Dequeue();
            }
        }
    }

    // Returns why the frame gets REP ERR, or null when it was handled.
    private string? Handle(SimulatorSession session, string text)
    {
        if (!Options.AcceptLowerCase && HasLowerCaseOutsideBraces(text))
        {
            return "lower-case keywords are not accepted (option)";
        }

        if (!_parser.TryParse(text, out var command))
        {
            return "malformed frame";
        }

        if (command.Kind is not (CommandKind.Get or CommandKind.Set))
        {
            return "only GET and SET are requests";
        }

        if (!Options.AcceptTwoDigitChannels && command.Channel is not null && HasTwoDigitChannel(text) && _table.TryGetParameter(command.Name, out var row) && row.ChannelDigits == 1)
        {
            return "two-digit channels are not accepted (option)";
        }

        if (Faults.RejectWhen?.Invoke(command) == true)
        {
            return "rejected (fault)";
        }

        if (!_table.TryValidate(command, out var error))
        {
            return error;
        }

        var reboot = false;
        lock (_gate)
        {
            if (_booting || _disposed)
            {
                return null;
            }

            var result = command.Kind == CommandKind.Get ? HandleGetLocked(session, command) : HandleSetLocked(session, command, out reboot);
            if (command.Kind == CommandKind.Get || result is not null)
            {
                return result;
            }
        }

        if (reboot)
        {
            Reboot();
        }

        return null;
    }

    private string? HandleGetLocked(SimulatorSession session, CommandString command)
    {
        var replies = new List<byte[]>();
        if (command.Name == "ALL")
        {
            if (command.Channel is null && !Options.AcceptGetAllWithoutChannel)
            {
                return "GET ALL needs a channel on the ANI4OUT (option)";
            }

            if (command.Channel == 0 && !Options.AcceptGetZeroAll)
            {
                return "GET 0 ALL is not accepted (option)";
            }

            DumpLocked(replies, command.Channel ?? 0);
        }
        else
        {
            var row = Row(command.Name);
            foreach (var key in Expand(row, command.Channel, command.Index))
            {
                replies.Add(_formatter.FormatBytes(MakeReport(key, ReadLocked(key))));
            }
        }

        foreach (var reply in replies)
        {
            if (Options.GetRepliesToAllSessions)
            {
                BroadcastLocked(reply);
            }
            else
            {
                EnqueueOrLog(session, reply);
            }
        }

        return null;
    }

    private string? HandleSetLocked(SimulatorSession session, CommandString command, out bool reboot)
    {
        reboot = false;
        switch (command.Name)
        {
            case "REBOOT":
                reboot = true;
                return null;

            case "DEFAULT_SETTINGS":
                ApplyLocked(_factory.Where(p => IsPresetParameter(p.Key.Name)));
                _state[new ParameterKey("PRESET")] = CommandValue.FromNumber(0);
                BroadcastLocked(_formatter.FormatBytes(Options.DefaultSettingsReply == DefaultSettingsReply.PresetZero
                    ? CommandString.Report("PRESET", CommandValue.FromNumber(0))
                    : CommandString.Report("DEFAULT_SETTINGS", CommandValue.FromToken("00"))));
                return null;

            case "PRESET":
                var slot = command.Value.Number;
                if (_presets[slot] is not { } stored)
                {
                    return $"preset {slot} is empty";
                }

                ApplyLocked(stored);
                _state[new ParameterKey("PRESET")] = CommandValue.FromNumber(slot);
                BroadcastLocked(_formatter.FormatBytes(CommandString.Report("PRESET", CommandValue.FromNumber(slot))));
                return null;
        }

        var row = Row(command.Name);
        var key = new ParameterKey(row.Name, command.Channel ?? -1, command.Index ?? -1);
        var current = _state[key];
        CommandValue next;
        switch (command.Operation)
        {
            case SetOperation.Toggle:
                next = CommandValue.FromSwitch(!(current.TryGetSwitch(out var on) && on));
                break;
            case SetOperation.Increment or SetOperation.Decrement:
                var target = current.Number + (command.Operation == SetOperation.Increment ? command.Value.Number : -command.Value.Number);
                var range = row.Range!.Value;
                if (!range.Contains(target) && Options.StepOverflow == StepOverflowBehavior.Reject)
                {
                    return $"{row.Name} would leave {range}";
                }

                next = CommandValue.FromNumber(range.Clamp(target));
                break;
            default:
                next = command.Value;
                break;
        }

        _state[key] = next;

        // Timers start before the acknowledgement leaves, so a client that reacts to the REP sees them running.
        switch (row.Name)
        {
            case "METER_RATE":
                RestartMeterLocked(next.Number > 0 ? session.Id : -1);
                break;
            case "FLASH":
                _flashTimer?.Dispose();
                _flashTimer = next.TryGetSwitch(out var flashing) && flashing
                    ? Options.TimeProvider.CreateTimer(_ => EndFlash(), null, Options.FlashDuration, Timeout.InfiniteTimeSpan)
                    : null;
                break;
        }

        // Every SET is acknowledged by a REP of the resulting value, to every session.
        BroadcastLocked(_formatter.FormatBytes(MakeReport(key, next)));
        return null;
    }

    // Applies stored values, reporting each one that changes (as a recall does).
    private void ApplyLocked(IEnumerable<KeyValuePair<ParameterKey, CommandValue>> values)
    {
        foreach (var pair in values.ToList())
        {
            if (!_state[pair.Key].Equals(pair.Value))
            {
                _state[pair.Key] = pair.Value;
                if (Options.ReportChangesOnPresetRecall)
                {
                    BroadcastLocked(_formatter.FormatBytes(MakeReport(pair.Key, pair.Value)));
                }
            }
        }
    }

    private void DumpLocked(List<byte[]> replies, int channel)
    {
        foreach (var row in _table.Parameters)
        {
            if ((row.Access & ParameterAccess.Get) == 0 || row.ValueKind == ParameterValueKind.Dump)
            {
                continue;
            }

            if (row.Scope == ParameterScope.Device)
            {
                replies.Add(_formatter.FormatBytes(MakeReport(new ParameterKey(row.Name), ReadLocked(new ParameterKey(row.Name)))));
            }
        }

        foreach (var row in _table.Parameters)
        {
            if (row.Scope != ParameterScope.Channel || (row.Access & ParameterAccess.Get) == 0)
            {
                continue;
            }

            foreach (var key in Expand(row, channel, row.GetIndexes is null ? null : 0))
            {
                replies.Add(_formatter.FormatBytes(MakeReport(key, ReadLocked(key))));
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
        if (key.Name is "AUDIO_IN_PEAK_LVL" or "AUDIO_IN_RMS_LVL")
        {
            // Peak reads a little above RMS, as programme material does.
            var level = MeterLevelLocked(key.Channel, Elapsed());
            return CommandValue.FromNumber(key.Name == "AUDIO_IN_PEAK_LVL" ? Math.Min(60, level + 6) : level);
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

    private void BroadcastLocked(byte[] frame)
    {
        foreach (var session in _sessions.Values)
        {
            EnqueueOrLog(session, frame);
        }
    }

    private void EnqueueOrLog(SimulatorSession session, byte[] frame)
    {
        if (!session.Enqueue(frame))
        {
            SimulatorLog.OutputDropped(_logger, HostName, session.Id);
        }
    }

    private void RestartMeterLocked(int owner)
    {
        _meterTimer?.Dispose();
        _meterTimer = null;
        _meterOwner = owner;
        var rate = _state[new ParameterKey("METER_RATE")].Number;
        if (rate > 0)
        {
            var period = TimeSpan.FromMilliseconds(rate);
            _meterTimer = Options.TimeProvider.CreateTimer(_ => Meter(), null, period, period);
        }
    }

    private void Meter()
    {
        lock (_gate)
        {
            if (_disposed || _booting || _meterTimer is null)
            {
                return;
            }

            var elapsed = Elapsed();
            var levels = new int[Ani4OutCommandTable.OutputCount];
            for (var output = 1; output <= levels.Length; output++)
            {
                levels[output - 1] = MeterLevelLocked(output, elapsed);
            }

            var frame = _formatter.FormatBytes(CommandString.Sample(levels));
            if (Options.SamplesToAllSessions || _meterOwner < 0)
            {
                BroadcastLocked(frame);
            }
            else if (_sessions.TryGetValue(_meterOwner, out var owner))
            {
                EnqueueOrLog(owner, frame);
            }
        }
    }

    // SAMPLE value = dBFS + 60, clamped to 0..60; post-fader taps include the digital gain and the mute.
    private int MeterLevelLocked(int output, TimeSpan elapsed)
    {
        var dbfs = Options.Signal.GetLevelDbfs(output, elapsed);
        var postFader = string.Equals(_state[new ParameterKey("OUTPUT_METER_MODE")].Text, "POST_FADER", StringComparison.Ordinal);
        if (postFader)
        {
            if (_state[new ParameterKey("AUDIO_MUTE", output)].TryGetSwitch(out var muted) && muted)
            {
                return 0;
            }

            dbfs += Gain.FromRaw(_state[new ParameterKey("AUDIO_GAIN_HI_RES", output)].Number).Decibels;
        }

        if (double.IsNaN(dbfs) || double.IsNegativeInfinity(dbfs))
        {
            return 0;
        }

        return (int)Math.Max(0, Math.Min(60, Math.Round(dbfs + 60)));
    }

    private TimeSpan Elapsed() => Options.TimeProvider.GetElapsedTime(_startTimestamp);

    private void EndFlash()
    {
        lock (_gate)
        {
            if (_disposed || _flashTimer is null)
            {
                return;
            }

            _flashTimer.Dispose();
            _flashTimer = null;
            var key = new ParameterKey("FLASH");
            _state[key] = CommandValue.FromSwitch(false);
            BroadcastLocked(_formatter.FormatBytes(MakeReport(key, _state[key])));
        }
    }

    private void FinishBoot()
    {
        lock (_gate)
        {
            if (_disposed || !_booting)
            {
                return;
            }

            _booting = false;
            _bootTimer?.Dispose();
            _bootTimer = null;
        }

        BootStateChanged?.Invoke(this, false);
    }

    private Dictionary<ParameterKey, CommandValue> BuildFactoryState()
    {
        static CommandValue Text(string s) => CommandValue.FromText(s);
        static CommandValue Token(string s) => CommandValue.FromToken(s);
        var state = new Dictionary<ParameterKey, CommandValue>
        {
            [new("MODEL")] = Text(ModelName),
            [new("SERIAL_NUM")] = Text(Options.SerialNumber),
            [new("FW_VER")] = Text(Options.FirmwareVersion),
            [new("DEVICE_ID")] = Text(Options.DeviceId ?? HostName),
            [new("NA_DEVICE_NAME")] = Text(Options.DanteDeviceName ?? HostName),
            [new("IP_ADDR_NET_AUDIO_PRIMARY")] = Text(Options.DanteAddress.ToString()),
            [new("IP_SUBNET_NET_AUDIO_PRIMARY")] = Text(Options.DanteSubnetMask.ToString()),
            [new("IP_GATEWAY_NET_AUDIO_PRIMARY")] = Text(Options.DanteGateway.ToString()),
            [new("CONTROL_MAC_ADDR")] = Token(MacAddress),
            [new("PRESET")] = CommandValue.FromNumber(0),
            [new("FLASH")] = CommandValue.FromSwitch(false),
            [new("LED_BRIGHTNESS")] = CommandValue.FromNumber(2),
            [new("METER_RATE")] = CommandValue.FromNumber(0),
            [new("AUDIO_SUMMING_MODE")] = Token("OFF"),
            [new("OUTPUT_METER_MODE")] = Token("POST_FADER"),
            [new("ENCRYPTION")] = CommandValue.FromSwitch(false),
            [new("LAST_ERROR_EVENT")] = Text(string.Empty),
        };
        for (var n = 1; n <= Ani4OutCommandTable.PresetCount; n++)
        {
            state[new ParameterKey("PRESET" + n.ToString(CultureInfo.InvariantCulture))] = Text(string.Empty);
        }

        for (var ch = 1; ch <= Ani4OutCommandTable.OutputCount; ch++)
        {
            var number = ch.ToString(CultureInfo.InvariantCulture);
            state[new("CHAN_NAME", ch)] = Text("Output " + number);
            state[new("NA_CHAN_NAME", ch)] = Text("0" + number);
            state[new("AUDIO_GAIN_HI_RES", ch)] = CommandValue.FromNumber(Ani4OutCommandTable.GainOffset);
            state[new("AUDIO_MUTE", ch)] = CommandValue.FromSwitch(false);
            state[new("AUDIO_OUT_LVL_SWITCH", ch)] = Token("LINE_LVL");
            state[new("AUDIO_OUT_CLIP_INDICATOR", ch)] = CommandValue.FromSwitch(false);
            state[new("LIMITER_ENGAGED", ch)] = CommandValue.FromSwitch(false);
            state[new("LED_COLOR_SIG_CLIP", ch)] = Token("OFF");
            state[new("LED_STATE_SIG_CLIP", ch)] = Token("OFF");
            state[new("AUDIO_IN_PEAK_LVL", ch)] = CommandValue.FromNumber(0);
            state[new("AUDIO_IN_RMS_LVL", ch)] = CommandValue.FromNumber(0);
            for (var filter = 1; filter <= 4; filter++)
            {
                state[new("PEQ", ch, filter)] = CommandValue.FromSwitch(false);
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

    private static bool IsPresetParameter(string name) => PresetParameters.Contains(name);

    private static int CheckOutput(int output) => Guard.InRange(output, 1, Ani4OutCommandTable.OutputCount, nameof(output));

    private static void CheckSlot(int slot) => Guard.InRange(slot, 1, Ani4OutCommandTable.PresetCount, nameof(slot));

    private static bool HasLowerCaseOutsideBraces(string text)
    {
        var inBraces = false;
        foreach (var c in text)
        {
            inBraces = c == '{' || (inBraces && c != '}');
            if (!inBraces && c is >= 'a' and <= 'z')
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasTwoDigitChannel(string text)
    {
        var parts = text.Split([' ', '\t', '<', '>'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 1 && parts[1].Length == 2 && parts[1].All(char.IsDigit);
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(Ani4OutSimulator));
        }
    }
}
