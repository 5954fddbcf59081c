using System;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Polly;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>Settings of a <see cref="DeviceSession"/>. Checked by <see cref="Validate"/> when the session is created.</summary>
public sealed class DeviceSessionOptions
{
    private CommandTable? _table;
    private string? _prefix;
    private bool _prefixSet;

    /// <summary>The command-string port; a <c>host:port</c> given to the session overrides it.</summary>
    public int Port { get; set; } = 2202;

    /// <summary>How connections are opened (TCP by default; the simulator's in-memory connector in tests).</summary>
    public DeviceConnector Connector { get; set; } = TcpDeviceConnector.Instance;

    /// <summary>Longest wait for one connection attempt.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for the reply to one command, including the wait for an earlier command on the same parameter and channel.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When nothing has been sent or heard for this long, a cheap query (<c>GET MODEL</c>) is sent. Zero turns keep-alives off.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>When nothing at all has been heard for this long, the link is declared dead (half-open sockets survive power cuts) and dropped.</summary>
    public TimeSpan DeadConnectionTimeout { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>Reconnect after the link drops, forever, until the session is disposed.</summary>
    public bool AutoReconnect { get; set; } = true;

    /// <summary>First delay of the default reconnect backoff (exponential, with jitter).</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay of the default reconnect backoff.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Random numbers in [0, 1) for the default backoff's jitter; set it to make backoff deterministic in tests.</summary>
    public Func<double>? Randomizer { get; set; }

    /// <summary>
    /// Replaces the default reconnect policy. It runs each connection attempt; attempts that throw a transient
    /// <see cref="ShureDeviceException"/> are retried by the default policy. A custom pipeline decides for itself.
    /// </summary>
    public ResiliencePipeline? ReconnectPipeline { get; set; }

    /// <summary>Every delay and timeout goes through this clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logging: categories <c>ShureDrivers.Session</c> and others; wire traffic at Trace only.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Where the <c>ShureDrivers</c> meter comes from: a host's <see cref="IMeterFactory"/> (so its metrics pipeline
    /// and tests see this device alone), or null for the process-wide meter. Instruments and units: docs/telemetry.md.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>The <c>shure.device</c> tag on this session's metrics and spans; null: the endpoint (<c>host:port</c>).</summary>
    public string? DeviceName { get; set; }

    /// <summary>
    /// The device model's command table, used to validate commands before they are sent. Default: the ANI4OUT's for a
    /// raw session; a device object uses its own model's table unless this is set (then it must be that model's).
    /// </summary>
    public CommandTable Table
    {
        get => _table ?? Ani4OutCommandTable.Table;
        set => _table = Guard.NotNull(value, nameof(value));
    }

    /// <summary>Events waiting for slow handlers before the oldest are dropped.</summary>
    public int MaxQueuedEvents { get; set; } = 1024;

    /// <summary>
    /// Requests a resync keeps in flight at once (the values the dump did not deliver); each one's timeout starts
    /// when it is written. Default 4.
    /// </summary>
    public int MaxResyncRequestsInFlight { get; set; } = 4;

    /// <summary>
    /// What the device's <c>MODEL</c> must start with (ordinal, ignoring case) for a device object to accept it at
    /// connect; another model fails with <see cref="DeviceModelMismatchException"/>. Default: the device object's
    /// model (<c>ANI4OUT</c> for <see cref="Ani4OutDevice"/>, <c>ANI4IN</c> for <see cref="Ani4InDevice"/>), which
    /// takes every variant; a narrower prefix of that model (<c>ANI4OUT-BLOCK</c>) may be given; null or empty turns
    /// the check off. Raw sessions never check. Reads <c>ANI4OUT</c> until set.
    /// </summary>
    public string? ExpectedModelPrefix
    {
        get => _prefixSet ? _prefix : "ANI4OUT";
        set
        {
            _prefix = value;
            _prefixSet = true;
        }
    }

    /// <summary>
    /// The longest a device object's resync may take (the one that ends every connect and reconnect, and every
    /// refresh), so a connect takes at most <see cref="ConnectTimeout"/> plus this, whatever the device sends (endless
    /// garbage, a frame that never ends, one byte at a time). At the bound, values still unanswered read null and are
    /// asked for again in the background if <c>MODEL</c> is known and right; if <c>MODEL</c> is not known the resync
    /// fails with <see cref="DeviceTimeoutException"/>. Default 30 s. A device that has sent no frame at all after the
    /// dump request and the first window of requests fails sooner, within one <see cref="CommandTimeout"/> after the
    /// dump's wait.
    /// </summary>
    public TimeSpan ResyncTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentException($"{name} must be positive.", name);
            }
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException("Port must be 1..65535.", nameof(Port));
        }

        if (Connector is null || Table is null || TimeProvider is null)
        {
            throw new ArgumentException("Connector, Table and TimeProvider are required.");
        }

        Positive(ConnectTimeout, nameof(ConnectTimeout));
        Positive(CommandTimeout, nameof(CommandTimeout));
        Positive(DeadConnectionTimeout, nameof(DeadConnectionTimeout));
        Positive(ResyncTimeout, nameof(ResyncTimeout));
        Positive(ReconnectDelay, nameof(ReconnectDelay));
        if (KeepAliveInterval < TimeSpan.Zero)
        {
            throw new ArgumentException("KeepAliveInterval must not be negative.", nameof(KeepAliveInterval));
        }

        if (KeepAliveInterval > TimeSpan.Zero && KeepAliveInterval >= DeadConnectionTimeout)
        {
            throw new ArgumentException("KeepAliveInterval must be shorter than DeadConnectionTimeout, or the link is declared dead before a keep-alive is sent.", nameof(KeepAliveInterval));
        }

        if (MaxReconnectDelay < ReconnectDelay)
        {
            throw new ArgumentException("MaxReconnectDelay must be at least ReconnectDelay.", nameof(MaxReconnectDelay));
        }

        if (MaxQueuedEvents < 1)
        {
            throw new ArgumentException("MaxQueuedEvents must be positive.", nameof(MaxQueuedEvents));
        }

        if (MaxResyncRequestsInFlight is < 1 or > 256)
        {
            throw new ArgumentException("MaxResyncRequestsInFlight must be 1..256.", nameof(MaxResyncRequestsInFlight));
        }
    }

    internal DeviceSessionOptions Clone() => (DeviceSessionOptions)MemberwiseClone();

    /// <summary>
    /// A copy for a device object of <paramref name="table"/>'s model: its table and its model prefix where the caller
    /// set neither. A table of another model, or a prefix that names another model, is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The table or the model prefix contradicts the model.</exception>
    internal DeviceSessionOptions ForModel(CommandTable table)
    {
        var copy = Clone();
        if (copy._table is null)
        {
            copy._table = table;
        }
        else if (!string.Equals(copy._table.Model, table.Model, StringComparison.Ordinal))
        {
#pragma warning disable CA2208 // the public constructors' parameter: every device object takes these as 'options'
            throw new ArgumentException($"DeviceSessionOptions.Table is the {copy._table.Model} table; an {table.Model} device object needs the {table.Model} table (leave Table unset).", "options");
#pragma warning restore CA2208
        }

        if (!copy._prefixSet)
        {
            copy.ExpectedModelPrefix = table.Model;
        }
        else if (!string.IsNullOrEmpty(copy._prefix) && !copy._prefix!.StartsWith(table.Model, StringComparison.OrdinalIgnoreCase))
        {
#pragma warning disable CA2208 // as above
            throw new ArgumentException($"DeviceSessionOptions.ExpectedModelPrefix '{AsciiChars.Printable(copy._prefix)}' names another model than {table.Model}: give a prefix that starts with {table.Model}, or null to turn the check off.", "options");
#pragma warning restore CA2208
        }

        return copy;
    }
}
