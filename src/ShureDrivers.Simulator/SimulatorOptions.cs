using System;
using System.Net;
using Microsoft.Extensions.Logging;

namespace ShureDrivers.Simulator;

/// <summary>
/// Identity and behaviour of a simulated ANI4OUT. Behaviours the protocol reference is unsure about are options
/// here, defaulting to the most likely answer; each is listed in docs/hardware-questions.md.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>Reported in <c>MODEL</c>.</summary>
    public Ani4OutModel Model { get; set; } = Ani4OutModel.Xlr;

    /// <summary>Reported in <c>SERIAL_NUM</c>.</summary>
    public string SerialNumber { get; set; } = "3RG0000001";

    /// <summary>Reported in <c>FW_VER</c> (MAJOR.MINOR.PATCH).</summary>
    public string FirmwareVersion { get; set; } = "4.6.14";

    /// <summary>Reported in <c>DEVICE_ID</c>; null gives the model and MAC suffix.</summary>
    public string? DeviceId { get; set; }

    /// <summary>Reported in <c>NA_DEVICE_NAME</c>; null gives <c>ANI4OUT-aabbcc</c> from the MAC.</summary>
    public string? DanteDeviceName { get; set; }

    /// <summary>The control interface's MAC, six bytes; reported by <c>CONTROL_MAC_ADDR</c>, the packet bridge and the mDNS host name.</summary>
    public byte[] ControlMac { get; set; } = [0x00, 0x0E, 0xDD, 0x53, 0x99, 0xE0];

    /// <summary>The control interface's address, reported by the packet bridge.</summary>
    public IPAddress ControlAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The control interface's subnet mask, reported by the packet bridge.</summary>
    public IPAddress ControlSubnetMask { get; set; } = IPAddress.Parse("255.0.0.0");

    /// <summary>The Dante interface's address (<c>IP_ADDR_NET_AUDIO_PRIMARY</c>).</summary>
    public IPAddress DanteAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The Dante interface's subnet mask.</summary>
    public IPAddress DanteSubnetMask { get; set; } = IPAddress.Parse("255.0.0.0");

    /// <summary>The Dante interface's gateway.</summary>
    public IPAddress DanteGateway { get; set; } = IPAddress.Parse("0.0.0.0");

    /// <summary>Drives SAMPLE lines and level queries.</summary>
    public SignalModel Signal { get; set; } = SignalModel.Programme(1);

    /// <summary>How long the device takes to come back after <c>REBOOT</c>; it refuses connections meanwhile.</summary>
    public TimeSpan BootTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long <c>FLASH ON</c> lasts before the device reports <c>FLASH OFF</c> by itself.</summary>
    public TimeSpan FlashDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Frames a session may have waiting to be written before further ones are dropped (a client that stops reading).</summary>
    public int MaxQueuedFramesPerSession { get; set; } = 10_000;

    /// <summary>Received frames kept in <see cref="Ani4OutSimulator.ReceivedFrames"/>.</summary>
    public int ReceivedFrameHistory { get; set; } = 10_000;

    /// <summary>Clock for metering, flash, boot and reply delays.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logging; category <c>ShureDrivers.Simulator</c>.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    // Unsure behaviours (docs/hardware-questions.md).

    /// <summary>Answer a GET to every session, not only the one that asked (H20). Default: only the asker; SET results and changes always reach every session.</summary>
    public bool GetRepliesToAllSessions { get; set; }

    /// <summary>Send SAMPLE lines to every session (H21). Default true; when false only the session that last set a non-zero METER_RATE gets them.</summary>
    public bool SamplesToAllSessions { get; set; } = true;

    /// <summary>Accept two-digit channels such as <c>01</c> (H2). Default true.</summary>
    public bool AcceptTwoDigitChannels { get; set; } = true;

    /// <summary>Accept lower-case keywords and names (H3). Default true.</summary>
    public bool AcceptLowerCase { get; set; } = true;

    /// <summary>Accept <c>GET 0 ALL</c> (H22). Default true, as the ANI4OUT document writes <c>GET x ALL</c>.</summary>
    public bool AcceptGetZeroAll { get; set; } = true;

    /// <summary>Accept <c>GET ALL</c> without a channel, the newer firmware form (H22). Default false.</summary>
    public bool AcceptGetAllWithoutChannel { get; set; }

    /// <summary>The reply to DEFAULT_SETTINGS (H16).</summary>
    public DefaultSettingsReply DefaultSettingsReply { get; set; } = DefaultSettingsReply.PresetZero;

    /// <summary>INC/DEC past the range (H11).</summary>
    public StepOverflowBehavior StepOverflow { get; set; } = StepOverflowBehavior.Clamp;

    /// <summary>After a preset recall, push a REP for every value that changed (H23). Default true; when false only <c>REP PRESET nn</c> is sent.</summary>
    public bool ReportChangesOnPresetRecall { get; set; } = true;

    internal SimulatorOptions Clone() => (SimulatorOptions)MemberwiseClone();
}
