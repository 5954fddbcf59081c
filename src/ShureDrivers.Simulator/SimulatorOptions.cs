using System;
using System.Collections.Generic;
using System.Net;
using Microsoft.Extensions.Logging;

namespace ShureDrivers.Simulator;

/// <summary>
/// Identity and behaviour of a simulated ANI4OUT or ANI4IN (<see cref="Family"/>). Behaviours the protocol reference
/// is unsure about are options here, defaulting to the most likely answer; each is listed in docs/hardware-questions.md.
/// </summary>
public sealed class SimulatorOptions
{
    private SimulatorProfile _profile = SimulatorProfile.Documented;

    /// <summary>The interface played: an ANI4OUT (the default) or an ANI4IN.</summary>
    public SimulatedFamily Family { get; set; } = SimulatedFamily.Ani4Out;

    /// <summary>The variant reported in <c>MODEL</c>, for either family: <c>ANI4OUT-XLR</c>, <c>ANI4IN-BLOCK</c>, ….</summary>
    public Ani4OutModel Model { get; set; } = Ani4OutModel.Xlr;

    /// <summary>Reported in <c>SERIAL_NUM</c>.</summary>
    public string SerialNumber { get; set; } = "3RG0000001";

    /// <summary>Reported in <c>FW_VER</c> (MAJOR.MINOR.PATCH).</summary>
    public string FirmwareVersion { get; set; } = "4.6.14";

    /// <summary>Reported in <c>DEVICE_ID</c>; null gives the model and MAC suffix.</summary>
    public string? DeviceId { get; set; }

    /// <summary>Reported in <c>NA_DEVICE_NAME</c>; null gives the host name (<c>ANI4OUT-aabbcc</c>, <c>ANI4IN-aabbcc</c>) from the MAC.</summary>
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

    // Firmware profiles (SimulatorProfile) and the behaviours they set.

    /// <summary>
    /// The firmware profile: setting it applies the profile's behaviours to these options at once, so options set
    /// afterwards override it. Default <see cref="SimulatorProfile.Documented"/>.
    /// </summary>
    public SimulatorProfile Profile
    {
        get => _profile;
        set
        {
            _profile = value ?? throw new ArgumentNullException(nameof(value));
            value.ApplyTo(this);
        }
    }

    /// <summary>Reported in <c>MODEL</c> instead of the model's own name (another Shure model, for tests); null for the model's name.</summary>
    public string? ReportedModel { get; set; }

    /// <summary>Accept only the documented spelling of a request: single spaces, upper case, numbers padded to their width. Default false.</summary>
    public bool StrictGrammar { get; set; }

    /// <summary>
    /// Answer GETs no ANI document shows (<c>FLASH</c>, <c>METER_RATE</c>, <c>LIMITER_ENGAGED</c> on 2 and 4). When false
    /// they are unsupported and the dump leaves them out. Default true.
    /// </summary>
    public bool AnswerUndocumentedGets { get; set; } = true;

    /// <summary>What the device does with a request it does not support or cannot carry out. Default <see cref="UnsupportedRequestHandling.Reject"/>.</summary>
    public UnsupportedRequestHandling UnsupportedRequests { get; set; }

    /// <summary>Shortest delay before the first frame of each reply (on the simulator's clock). Default zero.</summary>
    public TimeSpan ReplyDelayMin { get; set; }

    /// <summary>Longest delay before the first frame of each reply; each reply draws from [min, max] (seeded by <see cref="ReplyDelaySeed"/>). Default zero.</summary>
    public TimeSpan ReplyDelayMax { get; set; }

    /// <summary>Delay before each further frame of a dump (<c>GET x ALL</c>). Default zero.</summary>
    public TimeSpan DumpFramePace { get; set; }

    /// <summary>Seed for the reply-delay spread; the same seed gives the same delays.</summary>
    public int ReplyDelaySeed { get; set; } = 1;

    /// <summary>Write channels in REPs with two digits (<c>&lt; REP 01 AUDIO_MUTE ON &gt;</c>), as ANI22/ANIUSB/P300 do. Default false.</summary>
    public bool TwoDigitChannelsInReports { get; set; }

    /// <summary>The text an empty preset slot's name reports (<c>PRESETn</c>); default empty (spaces only). Newer firmware reports <c>empty</c>.</summary>
    public string EmptyPresetName { get; set; } = string.Empty;

    /// <summary>Written after every frame the device sends (e.g. CR LF); default nothing.</summary>
    public string FrameTerminator { get; set; } = string.Empty;

    /// <summary>Concurrent control sessions the device accepts; null for no limit. <see cref="SimulatorFaults.MaxSessions"/> applies on top.</summary>
    public int? MaxSessions { get; set; }

    /// <summary>
    /// What the firmware does with each GET, keyed as the GET is written without <c>&lt; GET</c> and <c>&gt;</c>
    /// (<c>FLASH</c>, <c>2 LIMITER_ENGAGED</c>, <c>1 PEQ 3</c>; see <see cref="SimulatorProfile.GetKey"/>). A GET not listed
    /// is answered, unless <see cref="AnswerUndocumentedGets"/> is off for it. A GET of channel 0 is answered only if
    /// every channel it names is. What is not answered is left out of the dump too. Empty by default.
    /// </summary>
    public IDictionary<string, GetResponse> GetResponses { get; set; } = new Dictionary<string, GetResponse>(StringComparer.Ordinal);

    /// <summary>Values (keyed as in <see cref="GetResponses"/>) the dump leaves out although their own GET is answered. Empty by default.</summary>
    public ISet<string> DumpOmits { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>How a connection past the session limit is turned away (H41). Default <see cref="Simulator.SessionRefusal.Reset"/>.</summary>
    public SessionRefusal SessionRefusal { get; set; }

    internal SimulatorOptions Clone()
    {
        var copy = (SimulatorOptions)MemberwiseClone();
        copy.GetResponses = new Dictionary<string, GetResponse>(GetResponses ?? new Dictionary<string, GetResponse>(), StringComparer.Ordinal);
        copy.DumpOmits = new HashSet<string>(DumpOmits ?? new HashSet<string>(), StringComparer.Ordinal);
        return copy;
    }
}
