using System;
using System.Globalization;
using System.Linq;
using System.Text;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers.Simulator;

// Firmware profiles: how the device spells what it sends, how long it takes, and what it leaves unanswered.
public sealed partial class Ani4OutSimulator
{
    // Handle's reason for a request the IgnoreWhen fault swallows: never answered, whatever the profile.
    private const string IgnoredByFault = "ignored (fault)";

    // Handle's reason for a request the RejectWhen fault refuses: always REP ERR, even on firmware that ignores what it
    // does not support (the fault plays a device that does reject it).
    private const string RejectedByFault = "rejected (fault)";

    private void ValidateFirmwareOptions()
    {
        var o = Options;
        if (o.Profile is null)
        {
            throw new ArgumentException("Profile must not be null.", nameof(o.Profile));
        }

        if (o.ReplyDelayMin < TimeSpan.Zero || o.ReplyDelayMax < o.ReplyDelayMin || o.DumpFramePace < TimeSpan.Zero)
        {
            throw new ArgumentException("Reply delays must be 0 <= ReplyDelayMin <= ReplyDelayMax, and DumpFramePace must not be negative.", nameof(o.ReplyDelayMax));
        }

        if (o.MaxSessions is < 0)
        {
            throw new ArgumentException("MaxSessions must not be negative.", nameof(o.MaxSessions));
        }

        if (o.FrameTerminator is null || o.FrameTerminator.Length > 4 || o.FrameTerminator.Trim('\r', '\n', ' ', '\t').Length > 0)
        {
            throw new ArgumentException("FrameTerminator holds at most 4 of CR, LF, space and tab.", nameof(o.FrameTerminator));
        }

        if (o.EmptyPresetName is null || o.EmptyPresetName.Length > 25 || !CommandValue.IsSafeText(o.EmptyPresetName))
        {
            throw new ArgumentException("EmptyPresetName holds at most 25 printable ASCII characters without < > { }.", nameof(o.EmptyPresetName));
        }

        if (o.GetResponses is null || o.DumpOmits is null)
        {
            throw new ArgumentException("GetResponses and DumpOmits must not be null.", nameof(o.GetResponses));
        }

        if (o.ReportedModel is { } model && (model.Length is 0 or > 32 || !CommandValue.IsSafeText(model)))
        {
            throw new ArgumentException("ReportedModel holds 1 to 32 printable ASCII characters without < > { }.", nameof(o.ReportedModel));
        }
    }

    // The bytes the device writes for a report or SAMPLE, in this firmware's spelling.
    private byte[] Wire(CommandString frame)
    {
        if (Options.EmptyPresetName.Length > 0 && frame.Kind == CommandKind.Report && frame.Value.Kind == CommandValueKind.Text
            && frame.Value.Text!.Length == 0 && IsPresetNameParameter(frame.Name))
        {
            frame = CommandString.Report(frame.Name, CommandValue.FromText(Options.EmptyPresetName));
        }

        var text = _formatter.Format(frame);
        if (Options.TwoDigitChannelsInReports && frame.Kind == CommandKind.Report && frame.Channel is >= 0 and <= 9)
        {
            var single = "< REP " + frame.Channel.Value.ToString(CultureInfo.InvariantCulture) + " ";
            if (text.StartsWith(single, StringComparison.Ordinal))
            {
                text = "< REP 0" + text.Remove(0, "< REP ".Length);
            }
        }

        return Encoding.ASCII.GetBytes(text + Options.FrameTerminator);
    }

    // One draw from the profile's reply-delay spread.
    private TimeSpan NextReplyDelay()
    {
        var min = Options.ReplyDelayMin;
        var max = Options.ReplyDelayMax;
        if (max <= min)
        {
            return min;
        }

        lock (_delays)
        {
            return min + TimeSpan.FromTicks((long)(_delays.NextDouble() * (max - min).Ticks));
        }
    }

    // Exactly as the documents write requests: single spaces, upper case, numbers padded to their width.
    private bool IsDocumentedSpelling(string text, CommandString command)
    {
        try
        {
            return string.Equals(text, _formatter.Format(command), StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // Handle's reasons for a GET the firmware profile does not answer (GetResponses, or an undocumented GET).
    private const string RejectedByProfile = "rejected (profile)";
    private const string IgnoredByProfile = "ignored (profile)";

    // What the firmware does with a GET: the worst of what it does for each value it names (channel 0 names all four).
    private GetResponse ResponseFor(CommandString command)
    {
        var worst = GetResponse.Answer;
        foreach (var key in Expand(Row(command.Name), command.Channel, command.Index))
        {
            var response = ResponseFor(key);
            if (response > worst)
            {
                worst = response;
            }
        }

        return worst;
    }

    private GetResponse ResponseFor(ParameterKey key) => SimulatorProfile.ResponseFor(Options, key);

    // The dump holds what the firmware answers, less what it leaves out on purpose.
    private bool InDump(ParameterKey key) =>
        ResponseFor(key) == GetResponse.Answer
        && (Options.DumpOmits.Count == 0 || !Options.DumpOmits.Contains(SimulatorProfile.KeyText(key)));

    private static bool IsPresetNameParameter(string name) =>
        name.Length > Ani4OutParameters.PresetNamePrefix.Length && name.StartsWith(Ani4OutParameters.PresetNamePrefix, StringComparison.Ordinal) && name != Ani4OutParameters.Preset;
}
