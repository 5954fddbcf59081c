using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
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
/// <para>Parts: this file holds construction, options and disposal; <c>.State.cs</c> the stored values and presets;
/// <c>.Commands.cs</c> the command semantics; <c>.Sessions.cs</c> the client sessions and fan-out; <c>.Timers.cs</c>
/// metering, FLASH and reboot; <c>.Firmware.cs</c> the profile's spelling, delays and unsupported requests
/// (<see cref="SimulatorProfile"/>); faults are in <see cref="SimulatorFaults"/>.</para>
/// </remarks>
public sealed partial class Ani4OutSimulator : IDisposable
{
    /// <summary>Parameters an ANI4OUT's preset stores: everything audio, never names of the device, IP settings or passwords.</summary>
    public static IReadOnlyList<string> PresetParameters { get; } =
        [Ani4OutParameters.AudioGainHiRes, Ani4OutParameters.AudioMute, Ani4OutParameters.AudioOutputLevelSwitch, Ani4OutParameters.Peq, Ani4OutParameters.ChannelName, Ani4OutParameters.AudioSummingMode, Ani4OutParameters.OutputMeterMode, Ani4OutParameters.LedBrightness];

    /// <summary>Parameters an ANI4IN's preset stores: as the ANI4OUT's, with the preamp gain and phantom power for the output level.</summary>
    public static IReadOnlyList<string> InputPresetParameters { get; } =
        [ShureParameters.AudioGainHiRes, Ani4InParameters.AudioGain, ShureParameters.AudioMute, Ani4InParameters.PhantomPowerEnable, ShureParameters.Peq, ShureParameters.ChannelName, ShureParameters.AudioSummingMode, Ani4InParameters.InputMeterMode, ShureParameters.LedBrightness];


    private readonly object _gate = new();
    private readonly CommandTable _table;
    private readonly CommandStringParser _parser;
    private readonly CommandStringFormatter _formatter;
    private readonly IReadOnlyList<string> _presetParameters;
    private readonly string _meterModeParameter;
    private readonly Dictionary<ParameterKey, CommandValue> _state = new();
    private readonly Dictionary<ParameterKey, CommandValue>?[] _presets = new Dictionary<ParameterKey, CommandValue>?[Ani4OutCommandTable.PresetCount + 1];
    private readonly Dictionary<ParameterKey, CommandValue> _factory;
    private readonly ConcurrentDictionary<int, SimulatorSession> _sessions = new();
    private readonly Queue<string> _received = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ILogger _logger;
    private readonly long _startTimestamp;
    private readonly byte[] _errorFrame;
    private readonly Random _delays;
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
        var isInput = Options.Family == SimulatedFamily.Ani4In;
        _table = isInput ? Ani4InCommandTable.Table : Ani4OutCommandTable.Table;
        _parser = isInput ? new CommandStringParser(_table) : CommandStringParser.Ani4Out;
        _formatter = isInput ? new CommandStringFormatter(_table) : CommandStringFormatter.Ani4Out;
        _presetParameters = isInput ? InputPresetParameters : PresetParameters;
        _meterModeParameter = isInput ? Ani4InParameters.InputMeterMode : Ani4OutParameters.OutputMeterMode;
        _logger = (Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(SimulatorLog.Category);
        _startTimestamp = Options.TimeProvider.GetTimestamp();
        Faults = new SimulatorFaults(this);
        MacAddress = string.Join(":", Options.ControlMac.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
        HostName = _table.Model + "-" + string.Concat(Options.ControlMac.Skip(3).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        ValidateFirmwareOptions();
        _errorFrame = Encoding.ASCII.GetBytes("< REP ERR >" + Options.FrameTerminator);
        _delays = new Random(Options.ReplyDelaySeed);
        _factory = BuildFactoryState();
        foreach (var pair in _factory)
        {
            _state[pair.Key] = pair.Value;
        }

        SimulatorLog.Started(_logger, ModelName, HostName, MacAddress);
    }

    /// <summary>Raised when the device starts rebooting (true) and when it is back (false).</summary>
    public event EventHandler<bool>? BootStateChanged;

    /// <summary>Raised for every frame the device receives, before it is handled: with <see cref="FrameSent"/>, a log in wire order.</summary>
    public event EventHandler<string>? FrameReceiving;

    /// <summary>Raised for every frame the device receives, after it is handled.</summary>
    public event EventHandler<string>? FrameReceived;

    /// <summary>
    /// Raised for every frame the device queues to send (a reply, a report to every session, a SAMPLE line), once
    /// per frame however many sessions it goes to, without its terminator. Raised while the simulator holds its
    /// lock, in the order frames are queued: a handler must be quick and must not block.
    /// </summary>
    public event EventHandler<string>? FrameSent;

    /// <summary>The options the simulator was created with (a copy).</summary>
    public SimulatorOptions Options { get; }

    /// <summary>Fault injection for tests.</summary>
    public SimulatorFaults Faults { get; }

    /// <summary><c>ANI4OUT-XLR</c>, <c>ANI4OUT-BLOCK</c>, <c>ANI4IN-XLR</c> or <c>ANI4IN-BLOCK</c>.</summary>
    public string ModelName => _table.Model + (Options.Model == Ani4OutModel.Block ? "-BLOCK" : "-XLR");

    /// <summary>The command table of the interface played (<see cref="SimulatorOptions.Family"/>).</summary>
    public CommandTable Table => _table;

    /// <summary>The control MAC, <c>00:0E:DD:53:99:E0</c>.</summary>
    public string MacAddress { get; }

    /// <summary>The mDNS host name without <c>.local</c>: <c>ANI4OUT-aabbcc</c> (or <c>ANI4IN-aabbcc</c>) from the last three MAC bytes.</summary>
    public string HostName { get; }

    /// <summary>Connected sessions.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Whether every open session is quiet (<see cref="SimulatorSession.IsQuiet"/>): only the clock can make anything happen.</summary>
    internal bool IsQuiet => _sessions.Values.All(s => s.IsQuiet);

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

    private static int CheckOutput(int output) => Guard.InRange(output, 1, Ani4OutCommandTable.OutputCount, nameof(output));

    private static void CheckSlot(int slot) => Guard.InRange(slot, 1, Ani4OutCommandTable.PresetCount, nameof(slot));

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(Ani4OutSimulator));
        }
    }
}
