using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Discovery;
using ShureDrivers.PacketBridge;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;

namespace ShureDrivers.Cli.Probe;

/// <summary>
/// <c>shure probe</c>'s measurements: one request at a time on a plain connection (so every REP ERR and every silence
/// belongs to the request before it), then extra sessions, then (with <c>--writes</c>) reversible SETs that are put
/// back and read back. Never DEFAULT_SETTINGS, REBOOT or a preset recall.
/// </summary>
internal sealed class DeviceProbe(ProbeSettings settings)
{
    // Below this median reply time (ms), the delay is the network and this machine's, not the firmware's.
    private const double FirmwareDelayFloorMs = 20;

    private static readonly string[] DumpForms = ["< GET 0 ALL >", "< GET ALL >", "< GET 1 ALL >"];

    // GETs documented only for sibling models (protocol reference §3.3): read-only, and they tell what this firmware
    // shares. An ANI4IN is asked the ANI4OUT's own GETs instead.
    private static readonly string[] SiblingGets = ["1 AUDIO_GAIN", "1 PHANTOM_PWR_ENABLE", "1 INPUT_METER_MODE", "1 AUDIO_IN_LVL_SWITCH", "1 HW_GATING_LOGIC", "DEVICE_AUDIO_MUTE", "PRESET_NAME 01"];
    private static readonly string[] Ani4InOptionalGets = ["LAST_ERROR_EVENT", "FLASH", "METER_RATE"];
    private static readonly string[] Ani4OutOnlyGets = ["1 AUDIO_OUT_LVL_SWITCH", "DEVICE_AUDIO_MUTE", "PRESET_NAME 01"];
    private readonly TimeProvider _time = settings.Time;
    private readonly List<TimeSpan> _replyTimes = [];
    private readonly Dictionary<string, ProbeOutcome> _gets = new(StringComparer.Ordinal);
    private readonly JsonObject _profile = new();
    private ProbeResult _result = null!;

    // The model the device reports picks the GETs asked (protocol-reference-ani4in.md for an ANI4IN) and its questions.
    private bool _isAni4In;

    private IReadOnlyList<string> GetKeys => SimulatorProfile.GetKeysFor(_isAni4In ? SimulatedFamily.Ani4In : SimulatedFamily.Ani4Out);

    public async Task<ProbeResult> RunAsync(CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        _result = new ProbeResult { Target = settings.Target, Started = _time.GetUtcNow(), WritesTested = settings.Writes };
        try
        {
            await RunWireAsync(ct);
        }
        finally
        {
            _result.Duration = _time.GetElapsedTime(started);
        }

        return _result;
    }

    private async Task RunWireAsync(CancellationToken ct)
    {
        var main = new ProbeSession(ConnectAsync, _time, settings.Budget);
        try
        {
            await main.OpenAsync(ct);
        }
        catch (ShureDeviceException ex)
        {
            NotAnsweredAll($"no connection: {ex.Message}");
            await RunNetworkAsync(ct);
            return;
        }

        await using (main)
        {
            var model = await main.ExchangeAsync(Get("MODEL"), Answers("MODEL"), settings.Timeout, ct);
            if (!model.IsReply && main.FramesReceived == 0)
            {
                // Firmware that waits for a line end before it reads a request: tried once, and used from then on.
                main.RequestEnd = "\r\n";
                model = await main.ExchangeAsync(Get("MODEL"), Answers("MODEL"), settings.Timeout, ct);
                if (!model.IsReply)
                {
                    main.RequestEnd = string.Empty;
                }
                else
                {
                    _result.Notes.Add("The device answered only once requests ended with CR LF (the documents show none); every request of this probe ended with CR LF. The driver sends none: this needs a code change.");
                }
            }

            if (!model.IsReply && main.FramesReceived == 0)
            {
                NotAnsweredAll($"the device accepts connections but answers no command strings (nothing to GET MODEL within {settings.Timeout.TotalSeconds:0.#} s, with or without CR LF)");
                await RunNetworkAsync(ct);
                return;
            }

            _result.Model = Value(model);
            _isAni4In = _result.Model?.StartsWith("ANI4IN", StringComparison.OrdinalIgnoreCase) == true;
            var complete = false;
            try
            {
                await ProbeGetsAsync(main, ct);
                if (_isAni4In)
                {
                    await ProbeAni4InAsync(main, ct);
                }

                await ProbeSiblingGetsAsync(main, ct);
                await ProbeDumpsAsync(main, ct);
                await ProbeSpellingAsync(main, ct);
                await ProbeSessionsAsync(main, ct);
                if (settings.Writes)
                {
                    await ProbeWritesAsync(main, ct);
                }
                else
                {
                    NotAnswered("H4", "Is an unpadded SET number accepted?", "sends a SET; run with --writes");
                    NotAnswered("H21", "Does SAMPLE reach every session?", "sets METER_RATE; run with --writes");
                    NotAnswered("H39b", "Reply pace while metering at 100 ms", "sets METER_RATE; run with --writes");
                }

                complete = true;
            }
            catch (ShureDeviceException ex)
            {
                // The device went away or stopped answering, or the time budget ran out: report what was measured.
                _result.Notes.Add($"The probe stopped early: {ex.Message}");
            }

            NotAnswered("H16", "DEFAULT_SETTINGS reply form", "the probe never sends DEFAULT_SETTINGS (it resets the device); send it on a unit you may reset: shure raw HOST \"< SET DEFAULT_SETTINGS >\"");
            _result.Notes.AddRange(main.Closes);
            foreach (var (id, question) in _isAni4In ? [.. WireQuestions, .. Ani4InQuestions] : WireQuestions)
            {
                NotAnswered(id, question, complete ? "the steps that answer it did not run (a second session could not be opened?)" : "the probe stopped before it (see the notes)");
            }

            if (complete || _gets.Count == GetKeys.Count)
            {
                await RunNetworkAsync(ct);
                _result.ProfileJson = BuildProfile();
                return;
            }
        }

        // A partial measurement writes no profile: the GETs it did not reach would play as "answer".
        await RunNetworkAsync(ct);
    }

    private async Task RunNetworkAsync(CancellationToken ct)
    {
        await ProbeDanteAsync(ct);
        await ProbeMdnsAsync(ct);
        _result.Answers.Sort((a, b) => Number(a.Id).CompareTo(Number(b.Id)));
    }

    // H17, H37 (every GET), H42, H31, H2/H43, H5, H6, H7, H26, H39 (idle pace).
    private async Task ProbeGetsAsync(ProbeSession link, CancellationToken ct)
    {
        foreach (var key in GetKeys)
        {
            var outcome = await link.ExchangeAsync("< GET " + Documented(key) + " >", Answers(key), settings.Timeout, ct);
            _gets[key] = outcome;
            _result.Gets[key] = outcome.Kind;
            if (outcome.IsReply)
            {
                _replyTimes.Add(outcome.Elapsed);
            }
        }

        var model = _gets["MODEL"];
        _result.Model = Value(model);
        _result.Firmware = Value(_gets["FW_VER"]);
        _result.Serial = Value(_gets["SERIAL_NUM"]);
        Add("H42", "The exact MODEL text", model.IsReply, model.IsReply ? $"`{_result.Model}`" : $"GET MODEL: {model.Kind}", [model.Evidence]);
        Add("H31", "Is GET MODEL a good keep-alive (always answered, cheap)?", model.IsReply, model.IsReply ? $"answered in {model.Elapsed.TotalMilliseconds:0} ms" : model.Kind, [model.Evidence]);

        var rejected = _gets.Where(g => g.Value.Kind == ProbeOutcome.Rejected).Select(g => g.Key).ToList();
        var silent = _gets.Where(g => g.Value.Kind == ProbeOutcome.Silence).Select(g => g.Key).ToList();
        var summary = $"{_gets.Count(g => g.Value.IsReply)} of {_gets.Count} GETs answered; REP ERR: {List(rejected)}; no reply within {settings.Timeout.TotalSeconds:0.#} s: {List(silent)}";
        Add("H37", "Which GETs does the device answer, reject or ignore?", true, summary, _gets.Values.Where(o => !o.IsReply).Select(o => o.Evidence).Take(20));
        var flash = _gets["FLASH"];
        Add("H17", "Does GET FLASH exist?", true, flash.Kind, [flash.Evidence]);

        var channelReply = _gets.Values.Select(o => o.Answer?.Text).FirstOrDefault(t => t is not null && Tokens(t).Length > 2 && IsDigits(Tokens(t)[1]));
        Add("H2", "Channel digits in REPs", channelReply is not null, channelReply is null ? "no channel REP seen" : Tokens(channelReply)[1].Length == 2 ? "two digits (`01`)" : "one digit", channelReply is null ? [] : [channelReply]);
        Add("H43", "Two-digit channels, CR LF after frames, {empty} preset names (the sibling traits)", channelReply is not null,
            $"channels: {(channelReply is { } c && Tokens(c)[1].Length == 2 ? "two digits" : "one digit")}; after `>`: {Terminator(link)}; empty preset name: {EmptyPresetForm() ?? "no empty slot seen"}", []);

        var widths = new List<string>();
        foreach (var key in new[] { "MODEL", "SERIAL_NUM", "FW_VER", "DEVICE_ID", "NA_DEVICE_NAME", "1 CHAN_NAME", "PRESET1", "IP_ADDR_NET_AUDIO_PRIMARY", "LAST_ERROR_EVENT" })
        {
            if (_gets.TryGetValue(key, out var o) && o.Answer?.Text is { } text && BracedWidth(text) is { } width)
            {
                widths.Add($"{key} {width}");
            }
        }

        Add("H5", "Padding widths of text values", widths.Count > 0, widths.Count > 0 ? string.Join(", ", widths) : "no text value answered", []);
        var na = _gets["1 NA_CHAN_NAME"];
        Add("H6", "NA_CHAN_NAME: channel digits in GET and REP", true, $"GET 1 NA_CHAN_NAME: {na.Kind}", [na.Evidence]);
        var leds = Enumerable.Range(1, 4).Select(ch => _gets[$"{ch} LED_STATE_SIG_CLIP"]).Concat(Enumerable.Range(1, 4).Select(ch => _gets[$"{ch} LED_COLOR_SIG_CLIP"])).ToList();
        var tokens = leds.Where(o => o.IsReply).Select(o => Value(o)).Distinct().ToList();
        Add("H7", "Which LED tokens are reported?", tokens.Count > 0, tokens.Count > 0 ? string.Join(", ", tokens) : "no LED value answered (states change with the signal: read them again with audio present)", leds.Select(o => o.Evidence));
        var empty = EmptyPresetForm();
        Add("H26", "How does an empty preset slot's name read?", empty is not null, empty ?? "every slot holds a name (no empty slot to see)", Enumerable.Range(1, 10).Select(i => _gets[$"PRESET{i}"].Evidence));
        Add("H1", "What comes after `>`?", link.FramesReceived > 0, Terminator(link), []);
        Add("H39", "Reply pace (idle)", _replyTimes.Count > 0, _replyTimes.Count > 0 ? $"per reply: median {Percentile(_replyTimes, 50):0.0} ms, p95 {Percentile(_replyTimes, 95):0.0} ms over {_replyTimes.Count} GETs" : "no reply", []);
    }

    // H37b: GETs only sibling documents show; a REP here is news (the table would need the parameter).
    private async Task ProbeSiblingGetsAsync(ProbeSession link, CancellationToken ct)
    {
        var outcomes = new List<ProbeOutcome>();
        foreach (var get in _isAni4In ? Ani4OutOnlyGets : SiblingGets)
        {
            var name = get.Split(' ').First(t => !IsDigits(t));
            outcomes.Add(await link.ExchangeAsync("< GET " + get + " >", frame => KeyOf(frame)?.Split(' ').Contains(name) == true, settings.Timeout, ct));
        }

        var answered = outcomes.Where(o => o.IsReply).Select(o => o.Request).ToList();
        Add("H37b", "Does it answer GETs that only sibling models document (protocol reference §3.3)?", true,
            answered.Count == 0 ? "none answered: " + string.Join(", ", outcomes.Select(o => o.Kind).Distinct()) : "answered: " + string.Join(", ", answered),
            outcomes.Select(o => o.Evidence));
    }

    // H46-H51: the ANI4IN's open questions (docs/hardware-questions.md), from the GETs already asked; H47 sets an
    // analog gain off the 3 dB grid (with --writes) and puts the gain back.
    private async Task ProbeAni4InAsync(ProbeSession link, CancellationToken ct)
    {
        var hiRes = _gets["1 AUDIO_GAIN_HI_RES"];
        Add("H46", "Is the ANI4IN's AUDIO_GAIN_HI_RES on the ANI4OUT's scale (1100 = 0 dB)?", hiRes.IsReply,
            hiRes.IsReply && int.TryParse(Value(hiRes), NumberStyles.None, CultureInfo.InvariantCulture, out var raw)
                ? $"input 1 reads {raw}: {(raw - 1100) / 10.0:+0.0;-0.0;0.0} dB on the ANI4OUT's scale; compare with the web app's digital gain for input 1"
                : $"GET 1 AUDIO_GAIN_HI_RES: {hiRes.Kind}",
            [hiRes.Evidence]);
        var led = _gets["1 CHAN_LED_IN_STATE"];
        Add("H48", "Is GET x CHAN_LED_IN_STATE answered?", true, led.Kind, [led.Evidence]);
        var clip = _gets["1 AUDIO_OUT_CLIP_INDICATOR"];
        Add("H49", "Does the ANI4IN answer GET x AUDIO_OUT_CLIP_INDICATOR on its inputs?", true, clip.Kind, [clip.Evidence]);
        var others = Ani4InOptionalGets.Select(k => (Key: k, Outcome: _gets[k])).ToList();
        Add("H50", "Does the ANI4IN have LAST_ERROR_EVENT, and do GET FLASH and GET METER_RATE answer?", true,
            string.Join("; ", others.Select(o => $"{o.Key}: {o.Outcome.Kind}")), others.Select(o => o.Outcome.Evidence));
        Add("H51", "The exact MODEL of this variant", _result.Model is not null, $"`{_result.Model}`", [_gets["MODEL"].Evidence]);

        if (!settings.Writes)
        {
            NotAnswered("H47", "Is SET x AUDIO_GAIN off the 3 dB grid refused or rounded?", "sends a SET; run with --writes");
            return;
        }

        var analog = _gets["1 AUDIO_GAIN"];
        if (Value(analog) is not { } before)
        {
            NotAnswered("H47", "Is SET x AUDIO_GAIN off the 3 dB grid refused or rounded?", $"GET 1 AUDIO_GAIN: {analog.Kind}, so no value to put back");
            return;
        }

        var offGrid = await link.ExchangeAsync("< SET 1 AUDIO_GAIN 25 >", Answers("1 AUDIO_GAIN"), settings.Timeout, ct);
        var back = await link.ExchangeAsync($"< SET 1 AUDIO_GAIN {before} >", Answers("1 AUDIO_GAIN"), settings.Timeout, ct);
        Add("H47", "Is SET x AUDIO_GAIN off the 3 dB grid refused or rounded?", true,
            $"`< SET 1 AUDIO_GAIN 25 >`: {(offGrid.IsReply ? $"answered {offGrid.Answer!.Text}" : offGrid.Kind)}; put back to {before}: {back.Kind}",
            [offGrid.Evidence, back.Evidence]);
    }

    // H22, H32, H38: which dump forms work, and what each delivers.
    private async Task ProbeDumpsAsync(ProbeSession link, CancellationToken ct)
    {
        var lines = new List<string>();
        var evidence = new List<string>();
        HashSet<string>? fullDump = null;
        foreach (var form in DumpForms)
        {
            link.Drain();
            var sent = _time.GetTimestamp();
            await link.SendAsync(form, ct);
            var frames = await link.CollectAsync(settings.Timeout, TimeSpan.FromMilliseconds(Math.Max(500, 4 * Percentile(_replyTimes, 95))), TimeSpan.FromSeconds(30), IsNotSample, ct);
            var kind = frames.Count == 0 ? ProbeOutcome.Silence : ProbeLink.IsError(frames[0].Text) ? ProbeOutcome.Rejected : ProbeOutcome.Reply;
            _profile["dump:" + form] = kind == ProbeOutcome.Reply;
            if (kind != ProbeOutcome.Reply)
            {
                lines.Add($"`{form}`: {kind}");
                evidence.Add($"{form} -> {(frames.Count > 0 ? frames[0].Text : kind)}");
                continue;
            }

            var keys = frames.Select(f => KeyOf(f.Text)).Where(k => k is not null).Select(k => k!).ToHashSet(StringComparer.Ordinal);
            var gaps = frames.Skip(1).Select((f, i) => _time.GetElapsedTime(frames[i].Timestamp, f.Timestamp)).ToList();
            var duration = _time.GetElapsedTime(sent, frames[^1].Timestamp);
            lines.Add($"`{form}`: {frames.Count} frames in {duration.TotalMilliseconds:0} ms (gap median {Percentile(gaps, 50):0.0} ms, p95 {Percentile(gaps, 95):0.0} ms), no end marker seen: {(frames[^1].Text.Contains("END", StringComparison.OrdinalIgnoreCase) ? "an END frame" : "it ends in silence")}");
            evidence.Add($"{form} -> {frames[0].Text} … {frames[^1].Text}");
            if (form != "< GET 1 ALL >" && fullDump is null)
            {
                fullDump = keys;
                _profile["dumpPace"] = Percentile(gaps, 50);
            }
        }

        if (fullDump is not null)
        {
            var answered = _gets.Where(g => g.Value.IsReply).Select(g => g.Key).Where(k => !IsLevelRead(k)).ToList();
            var omits = answered.Where(k => !fullDump.Contains(k)).ToList();
            _profile["dumpOmits"] = new JsonArray([.. omits.Select(k => JsonValue.Create(k))]);
            lines.Add($"the full dump leaves out {List(omits)} of the values GET answers");
        }

        Add("H22", "Which GET ALL forms are accepted?", true, string.Join("; ", lines.Take(3)), evidence);
        Add("H32", "Does the dump have an end marker, and how fast does it come?", fullDump is not null, string.Join("; ", lines), evidence);
        Add("H38", "What does the dump hold?", fullDump is not null, fullDump is null ? "no full dump form accepted" : lines[^1], []);
    }

    // H3, H40: which spellings a GET tolerates (read-only).
    private async Task ProbeSpellingAsync(ProbeSession link, CancellationToken ct)
    {
        var lower = await link.ExchangeAsync("< get model >", Answers("MODEL"), settings.Timeout, ct);
        var spaces = await link.ExchangeAsync("<  GET   MODEL  >", Answers("MODEL"), settings.Timeout, ct);
        var twoDigit = await link.ExchangeAsync("< GET 01 AUDIO_MUTE >", Answers("1 AUDIO_MUTE"), settings.Timeout, ct);
        var unpadded = await link.ExchangeAsync("< GET 1 PEQ 1 >", Answers("1 PEQ 1"), settings.Timeout, ct);
        _profile["lowerCase"] = lower.IsReply;
        _profile["twoDigitChannels"] = twoDigit.IsReply;
        _profile["documentedSpellingOnly"] = !spaces.IsReply || !unpadded.IsReply;
        var refusals = new[] { lower, spaces, twoDigit, unpadded }.Where(o => !o.IsReply).ToList();
        _profile["unsupported"] = refusals.Count == 0 ? null : refusals.Any(o => o.Kind == ProbeOutcome.Silence) ? "ignore" : "reject";
        Add("H3", "Are keywords case-sensitive?", true, $"lower case: {lower.Kind}", [lower.Evidence]);
        Add("H40", "Lower case, extra spaces, two-digit channels, unpadded numbers in requests", true,
            $"lower case: {lower.Kind}; extra spaces: {spaces.Kind}; two-digit channel: {twoDigit.Kind}; unpadded PEQ numbers: {unpadded.Kind}", [lower.Evidence, spaces.Evidence, twoDigit.Evidence, unpadded.Evidence]);
    }

    // H29, H41 (session limit, how a refusal looks) and H20 (GET replies to other sessions).
    private async Task ProbeSessionsAsync(ProbeSession main, CancellationToken ct)
    {
        var extras = new List<ProbeLink>();
        string refusal = "none";
        try
        {
            for (var i = 0; i < settings.MaxExtraSessions; i++)
            {
                ProbeLink extra;
                try
                {
                    extra = new ProbeLink(await ConnectAsync(ct), _time);
                }
                catch (ShureDeviceException ex)
                {
                    refusal = $"refused at connect ({ex.Message})";
                    _profile["refusal"] = "reset";
                    break;
                }

                var hello = await extra.ExchangeAsync(Get("MODEL"), Answers("MODEL"), settings.Timeout, ct);
                if (!hello.IsReply)
                {
                    refusal = extra.WasReset ? "reset (TCP RST) once accepted"
                        : hello.Kind == ProbeOutcome.Closed || extra.IsClosed ? "accepted, then closed without a word"
                        : "accepted, then silent";
                    _profile["refusal"] = extra.WasReset ? "reset" : hello.Kind == ProbeOutcome.Closed || extra.IsClosed ? "acceptAndClose" : null;
                    await extra.DisposeAsync();
                    break;
                }

                extras.Add(extra);

                // Some devices make room for a new session by dropping the oldest: is the first one still answering?
                var closes = main.Closes.Count;
                var first = await main.ExchangeAsync(Get("MODEL"), Answers("MODEL"), settings.Timeout, ct);
                if (!first.IsReply || main.Closes.Count > closes)
                {
                    refusal = $"session {extras.Count + 1} was accepted and the first one was {(first.IsReply ? "closed" : first.Kind)}";
                    _profile["refusal"] = null;
                    extras.Remove(extra);
                    await extra.DisposeAsync();
                    break;
                }

                if (extras.Count == 1)
                {
                    await ProbeGetEchoAsync(main, extra, ct);
                }
            }
        }
        finally
        {
            foreach (var extra in extras)
            {
                await extra.DisposeAsync();
            }
        }

        var limited = refusal != "none";
        _profile["maxSessions"] = limited ? extras.Count + 1 : null;
        Add("H29", "Maximum concurrent control sessions", true, limited ? $"{extras.Count + 1} (the next: {refusal})" : $"at least {extras.Count + 1} (no refusal up to {settings.MaxExtraSessions + 1}; more were not tried)", []);
        Add("H41", "How is a session past the limit refused?", limited, limited ? refusal : "no session was refused", []);
    }

    private async Task ProbeGetEchoAsync(ProbeSession main, ProbeLink extra, CancellationToken ct)
    {
        extra.Drain();
        var asked = await main.ExchangeAsync(Get("SERIAL_NUM"), Answers("SERIAL_NUM"), settings.Timeout, ct);
        var seen = await extra.CollectAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), IsNotSample, ct);
        var echoed = seen.Any(f => KeyOf(f.Text) == "SERIAL_NUM");
        _profile["getRepliesToAllSessions"] = asked.IsReply ? echoed : null;
        Add("H20", "Is the answer to a GET sent to other sessions too?", asked.IsReply, asked.IsReply ? (echoed ? "yes: the other session got it" : "no: only the asker") : $"GET SERIAL_NUM: {asked.Kind}", [asked.Evidence]);
    }

    // --writes: reversible SETs, each put back and read back.
    private async Task ProbeWritesAsync(ProbeSession main, CancellationToken ct)
    {
        var gain = Value(_gets["1 AUDIO_GAIN_HI_RES"]);
        var mute = Value(_gets["1 AUDIO_MUTE"]);
        var peq = Value(_gets["1 PEQ 1"]);
        var rate = Value(_gets["METER_RATE"]);
        try
        {
            if (gain is not null)
            {
                var same = await main.ExchangeAsync($"< SET 1 AUDIO_GAIN_HI_RES {gain} >", Answers("1 AUDIO_GAIN_HI_RES"), settings.Timeout, ct);
                Add("H34", "Is a SET's reply the new absolute value?", same.IsReply, same.IsReply ? $"a SET of the value already there: {same.Answer!.Text}" : same.Kind, [same.Evidence]);
            }

            if (mute is not null)
            {
                var lower = await main.ExchangeAsync($"< set 1 audio_mute {mute.ToLowerInvariant()} >", Answers("1 AUDIO_MUTE"), settings.Timeout, ct);
                var twoDigit = await main.ExchangeAsync($"< SET 01 AUDIO_MUTE {mute} >", Answers("1 AUDIO_MUTE"), settings.Timeout, ct);
                Add("H40b", "Spelling tolerated in a SET (lower case, two-digit channel)", true, $"lower case: {lower.Kind}; two-digit channel: {twoDigit.Kind}", [lower.Evidence, twoDigit.Evidence]);
            }

            if (peq is not null)
            {
                var unpadded = await main.ExchangeAsync($"< SET 1 PEQ 1 {peq} >", Answers("1 PEQ 1"), settings.Timeout, ct);
                Add("H4", "Is an unpadded SET number accepted?", true, $"`< SET 1 PEQ 1 {peq} >` (documented: `01 PEQ 01`): {unpadded.Kind}", [unpadded.Evidence]);
            }
            else
            {
                NotAnswered("H4", "Is an unpadded SET number accepted?", "GET 01 PEQ 01 was not answered, so no value to set again");
            }

            await ProbeMeteringAsync(main, ct);
        }
        finally
        {
            await RestoreAsync(main, gain, mute, peq, rate);
        }
    }

    private async Task ProbeMeteringAsync(ProbeSession main, CancellationToken ct)
    {
        ProbeLink other;
        try
        {
            other = new ProbeLink(await ConnectAsync(ct), _time);
        }
        catch (ShureDeviceException ex)
        {
            NotAnswered("H21", "Does SAMPLE reach every session?", $"a second session could not be opened ({ex.Message})");
            return;
        }

        await using (other)
        {
            var on = await main.ExchangeAsync("< SET METER_RATE 00100 >", Answers("METER_RATE"), settings.Timeout, ct);
            var seen = await other.CollectAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), _ => true, ct);
            var samples = seen.Count(f => f.Text.Contains("SAMPLE", StringComparison.OrdinalIgnoreCase));
            _profile["samplesToAllSessions"] = on.IsReply ? samples > 0 : null;
            Add("H21", "Does SAMPLE reach every session?", on.IsReply, on.IsReply ? (samples > 0 ? $"yes: {samples} SAMPLE lines on the other session in 1 s" : "no: none on the other session") : $"SET METER_RATE: {on.Kind}", [on.Evidence]);
            var times = new List<TimeSpan>();
            for (var i = 0; i < 10 && on.IsReply; i++)
            {
                var o = await main.ExchangeAsync(Get("SERIAL_NUM"), Answers("SERIAL_NUM"), settings.Timeout, ct);
                if (o.IsReply)
                {
                    times.Add(o.Elapsed);
                }
            }

            Add("H39b", "Reply pace while metering at 100 ms", times.Count > 0, times.Count > 0 ? $"median {Percentile(times, 50):0.0} ms, p95 {Percentile(times, 95):0.0} ms over {times.Count} GETs" : "no reply while metering", []);
        }
    }

    // Puts back what --writes touched, whatever happened (Ctrl+C included), and reads it back where the device answers
    // that GET (else the SET's own REP confirms it). A meter rate whose GET is not answered goes back to 0.
    private async Task RestoreAsync(ProbeSession main, string? gain, string? mute, string? peq, string? rate)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        main.Restoring = true;
        var original = int.TryParse(rate, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0;
        var items = new List<(string Key, string Value, string Note)> { ("METER_RATE", original.ToString("00000", CultureInfo.InvariantCulture), rate is null ? " (its GET is not answered: the original is unknown, 0 assumed)" : string.Empty) };
        if (gain is not null)
        {
            items.Add(("1 AUDIO_GAIN_HI_RES", gain, string.Empty));
        }

        if (mute is not null)
        {
            items.Add(("1 AUDIO_MUTE", mute, string.Empty));
        }

        if (peq is not null)
        {
            items.Add(("1 PEQ 1", peq, string.Empty));
        }

        foreach (var (key, value, note) in items)
        {
            try
            {
                var done = await main.ExchangeAsync("< SET " + Documented(key) + " " + value + " >", Answers(key), settings.Timeout, bound.Token);
                var check = await main.ExchangeAsync("< GET " + Documented(key) + " >", Answers(key), settings.Timeout, bound.Token);
                var how = check.IsReply ? "restored, read back" : "restored, confirmed by the SET's REP (the GET is not answered)";
                var source = check.IsReply ? check : done;
                var ok = source.IsReply && Same(Value(source), value);
                _result.Restored.Add($"{key} {value}: {(ok ? how : $"NOT confirmed ({source.Evidence})")}{note}");
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or ShureDeviceException)
            {
                _result.Restored.Add($"{key} {value}: NOT restored ({ex.Message})");
            }
        }
    }

    // H44: where the packet-bridge reply comes from, and how long it is.
    private async Task ProbeDanteAsync(CancellationToken ct)
    {
        if (settings.Dante is not { } bridge)
        {
            NotAnswered("H44", "Where does the packet-bridge reply come from, and how long is it?", "give the device's Dante address with --dante ADDR");
            return;
        }

        using var socket = new UdpClient(bridge.AddressFamily);
        var query = "SHURE?"u8.ToArray();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await socket.SendAsync(query, query.Length, bridge);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                var reply = await socket.ReceiveAsync(wait.Token);
                var parsed = PacketBridgeReply.TryParse(reply.Buffer, out var r) ? $"control {r!.ControlAddress}, mask {r.SubnetMask}, MAC {r.MacAddress}" : "not a valid reply";
                Add("H44", "Where does the packet-bridge reply come from, and how long is it?", true, $"from {reply.RemoteEndPoint}, {reply.Buffer.Length} bytes: {parsed}", [Convert.ToHexString(reply.Buffer)]);
                return;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Ask again.
            }
        }

        Add("H44", "Where does the packet-bridge reply come from, and how long is it?", false, $"no reply from {bridge} to three queries", []);
    }

    // H24, H35, H45: what mDNS says about the device.
    private async Task ProbeMdnsAsync(CancellationToken ct)
    {
        if (settings.Discovery is not { } discovery)
        {
            foreach (var (id, question) in new[] { ("H24", "Which mDNS services and TXT does the device advertise?"), ("H35", "Does it answer mDNS over IPv6, with AAAA records?"), ("H45", "The Dante interface's mDNS name and TXT") })
            {
                NotAnswered(id, question, "skipped (--no-mdns); run without it on the device's link");
            }

            return;
        }

        IReadOnlyList<DiscoveredDevice> found;
        try
        {
            discovery.ScanTime = TimeSpan.FromSeconds(1.5);
            found = await ShureDeviceDiscovery.DiscoverAsync(discovery, ct);
        }
        catch (Exception ex) when (ex is SocketException or ShureDeviceException or ArgumentException)
        {
            NotAnswered("H24", "Which mDNS services and TXT does the device advertise?", $"discovery failed: {ex.Message}");
            return;
        }

        var address = IPAddress.TryParse(settings.EndPoint.Host, out var ip) ? ip : null;
        var host = settings.EndPoint.Host.TrimEnd('.');
        var mine = found.Where(d => (address is not null && (d.Addresses.Contains(address) || d.DanteAddresses.Contains(address)))
            || string.Equals(d.HostName.TrimEnd('.'), host, StringComparison.OrdinalIgnoreCase)
            || (_result.Serial is not null && d.Txt.TryGetValue("serial", out var s) && s == _result.Serial)).ToList();
        if (mine.Count == 0)
        {
            var why = $"no mDNS answer named {settings.EndPoint.Host} ({found.Count} other devices answered)";
            NotAnswered("H24", "Which mDNS services and TXT does the device advertise?", why + "; run on the device's link (--interface NAME)");
            NotAnswered("H35", "Does it answer mDNS over IPv6, with AAAA records?", why);
            NotAnswered("H45", "The Dante interface's mDNS name and TXT", why);
            return;
        }

        var d = mine[0];
        var txt = string.Join(" ", d.Txt.Select(t => $"{t.Key}={t.Value}"));
        Add("H24", "Which mDNS services and TXT does the device advertise?", true, $"{d.HostName}: {string.Join(", ", d.Services)}; TXT {(txt.Length > 0 ? txt : "(none)")}; port {d.Port}", []);
        var v6 = d.Addresses.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6).ToList();
        Add("H35", "Does it answer mDNS over IPv6, with AAAA records?", true, v6.Count > 0 ? $"AAAA: {string.Join(", ", v6)}" : "no AAAA record seen", []);
        Add("H45", "The Dante interface's mDNS name and TXT", d.DanteAddresses.Count > 0, d.DanteAddresses.Count > 0 ? $"Dante addresses {string.Join(", ", d.DanteAddresses)}" : "no _netaudio-arc._udp answer for this device", []);
    }

    // The profile file that plays what was measured; what was not measured is left out (the documented default).
    private string? BuildProfile()
    {
        if (_gets.Count == 0)
        {
            return null;
        }

        var gets = new JsonObject();
        foreach (var (key, outcome) in _gets)
        {
            gets[key] = outcome.Kind switch { ProbeOutcome.Reply => "answer", ProbeOutcome.Rejected => "reject", _ => "ignore" };
        }

        var channelReply = _gets.Values.Select(o => o.Answer?.Text).FirstOrDefault(t => t is not null && Tokens(t).Length > 2 && IsDigits(Tokens(t)[1]));
        var reports = new JsonObject
        {
            ["twoDigitChannels"] = channelReply is not null && Tokens(channelReply)[1].Length == 2,
            ["terminator"] = TerminatorText(),
        };
        if (EmptyPresetForm() is { } empty)
        {
            reports["emptyPresetName"] = empty == "(blank)" ? string.Empty : empty.Trim('`');
        }

        Copy(_profile, "getRepliesToAllSessions", reports);
        Copy(_profile, "samplesToAllSessions", reports);
        var requests = new JsonObject();
        Copy(_profile, "lowerCase", requests);
        Copy(_profile, "twoDigitChannels", requests);
        Copy(_profile, "documentedSpellingOnly", requests);
        Copy(_profile, "unsupported", requests);
        var dump = new JsonObject
        {
            ["getZeroAll"] = _profile["dump:< GET 0 ALL >"]?.GetValue<bool>() ?? false,
            ["getAll"] = _profile["dump:< GET ALL >"]?.GetValue<bool>() ?? false,
        };
        if (_profile["dumpOmits"] is JsonArray omits)
        {
            dump["omits"] = omits.DeepClone();
        }

        var p5 = Percentile(_replyTimes, 5);
        var p50 = Percentile(_replyTimes, 50);
        var p95 = Percentile(_replyTimes, 95);
        var pace = _profile["dumpPace"]?.GetValue<double>() ?? 0;
        var sessions = new JsonObject { ["max"] = _profile["maxSessions"]?.DeepClone() };
        Copy(_profile, "refusal", sessions);
        var file = new JsonObject
        {
            ["format"] = SimulatorProfile.FileFormat,
            ["version"] = 1,
            ["name"] = ProfileName(),
            ["description"] = Printable($"Measured by shure probe on {_result.Model ?? "a device"} firmware {_result.Firmware ?? "unknown"}."),
            ["source"] = Printable($"shure probe {settings.Target} at {_result.Started.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"),
            ["requests"] = requests,
            ["reports"] = reports,
            ["gets"] = gets,
            ["dump"] = dump,
            ["replyDelayMs"] = new JsonObject
            {
                // A median below 20 ms is the network and this machine, not the firmware: a loaded machine's loopback
                // alone reached a 5-9 ms median in the 10-run loop. A device that thinks that briefly plays as instant.
                ["min"] = p50 < FirmwareDelayFloorMs ? 0 : Math.Floor(p5),
                ["max"] = p50 < FirmwareDelayFloorMs ? 0 : Math.Ceiling(p95),
                ["dumpFramePace"] = pace < 5 ? 0 : Math.Round(pace),
            },
            ["sessions"] = sessions,
        };
        if (_result.Model is { } model && model.Length is > 0 and <= 32 && CommandValue.IsSafeText(model))
        {
            file["model"] = model;
        }

        try
        {
            // Parsed back, so a profile the simulator cannot play is never written.
            return SimulatorProfile.Parse(file.ToJsonString()).ToJson();
        }
        catch (SimulatorProfileException ex)
        {
            NotAnswered("profile", "A profile file that plays this device", ex.Message);
            return null;
        }
    }

    private string ProfileName()
    {
        var name = new string([.. $"{_result.Model ?? "device"}-{_result.Firmware ?? "fw"}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-')]);
        return name.Length > 64 ? name[..64] : name;
    }

    private static string Printable(string text) => new([.. text.Take(512).Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    private static void Copy(JsonObject from, string name, JsonObject to)
    {
        if (from[name] is { } value)
        {
            to[name] = value.DeepClone();
        }
    }

    private async Task<Stream> ConnectAsync(CancellationToken ct)
    {
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connect.CancelAfter(settings.Timeout);
        try
        {
            return await settings.Connector.ConnectAsync(settings.EndPoint, connect.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DeviceTimeoutException($"No connection to {settings.Target} within {settings.Timeout.TotalSeconds:0.#} s.", settings.Timeout, settings.Target);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            throw new DeviceConnectionException($"Could not connect to {settings.Target}: {ex.Message}", settings.Target, ex);
        }
    }

    private string Terminator(ProbeSession link)
    {
        var text = TerminatorText(link);
        return text is null ? "nothing seen yet" : text.Length == 0 ? "nothing (frames follow each other directly)" : $"`{Escaped(text)}`";
    }

    private string? TerminatorText(ProbeSession? link = null)
    {
        List<ProbeFrame> log;
        lock (_logGate)
        {
            log = link?.Log ?? _lastLog ?? [];
            if (link is not null)
            {
                _lastLog = link.Log;
            }
        }

        List<string> befores;
        lock (log)
        {
            befores = log.Skip(1).Select(f => f.Before).ToList();
        }

        if (befores.Count == 0)
        {
            return null;
        }

        var common = befores.GroupBy(b => b).OrderByDescending(g => g.Count()).First().Key;
        return common.Replace("\\r", "\r", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal);
    }

    private readonly object _logGate = new();
    private List<ProbeFrame>? _lastLog;

    private static string Escaped(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    private string? EmptyPresetForm()
    {
        foreach (var i in Enumerable.Range(1, 10))
        {
            if (Value(_gets[$"PRESET{i}"]) is { } name)
            {
                if (name.Length == 0)
                {
                    return "(blank)";
                }

                if (name.Equals("empty", StringComparison.OrdinalIgnoreCase))
                {
                    return $"`{name}`";
                }
            }
        }

        return null;
    }

    private void NotAnsweredAll(string why)
    {
        foreach (var (id, question) in WireQuestions)
        {
            NotAnswered(id, question, why);
        }
    }

    private static readonly (string Id, string Question)[] Ani4InQuestions =
    [
        ("H46", "Is the ANI4IN's AUDIO_GAIN_HI_RES on the ANI4OUT's scale (1100 = 0 dB)?"), ("H47", "Is SET x AUDIO_GAIN off the 3 dB grid refused or rounded?"),
        ("H48", "Is GET x CHAN_LED_IN_STATE answered?"), ("H49", "Does the ANI4IN answer GET x AUDIO_OUT_CLIP_INDICATOR on its inputs?"),
        ("H50", "Does the ANI4IN have LAST_ERROR_EVENT, and do GET FLASH and GET METER_RATE answer?"), ("H51", "The exact MODEL of this variant"),
    ];

    private static readonly (string Id, string Question)[] WireQuestions =
    [
        ("H1", "What comes after `>`?"), ("H2", "Channel digits in REPs"), ("H3", "Are keywords case-sensitive?"), ("H4", "Is an unpadded SET number accepted?"),
        ("H5", "Padding widths of text values"), ("H6", "NA_CHAN_NAME: channel digits in GET and REP"), ("H7", "Which LED tokens are reported?"), ("H16", "DEFAULT_SETTINGS reply form"),
        ("H17", "Does GET FLASH exist?"), ("H37b", "Does it answer GETs that only sibling models document (protocol reference §3.3)?"), ("H20", "Is the answer to a GET sent to other sessions too?"), ("H21", "Does SAMPLE reach every session?"), ("H22", "Which GET ALL forms are accepted?"),
        ("H26", "How does an empty preset slot's name read?"), ("H29", "Maximum concurrent control sessions"), ("H31", "Is GET MODEL a good keep-alive (always answered, cheap)?"),
        ("H32", "Does the dump have an end marker, and how fast does it come?"), ("H37", "Which GETs does the device answer, reject or ignore?"), ("H38", "What does the dump hold?"),
        ("H39", "Reply pace (idle)"), ("H40", "Lower case, extra spaces, two-digit channels, unpadded numbers in requests"), ("H41", "How is a session past the limit refused?"),
        ("H42", "The exact MODEL text"), ("H43", "Two-digit channels, CR LF after frames, {empty} preset names (the sibling traits)"),
    ];

    private void Add(string id, string question, bool answered, string answer, IEnumerable<string> evidence) =>
        _result.Answers.Add(new ProbeAnswer(id, question, answered, answer, [.. evidence.Take(24)]));

    private void NotAnswered(string id, string question, string why)
    {
        if (!_result.Answers.Any(a => a.Id == id))
        {
            Add(id, question, false, "not answered: " + why, []);
        }
    }

    private static double Number(string id) => double.TryParse(new string([.. id.Skip(1).TakeWhile(char.IsDigit)]), CultureInfo.InvariantCulture, out var n) ? n + (id.EndsWith('b') ? 0.5 : 0) : 999;

    private static string Get(string name) => $"< GET {name} >";

    // The documented spelling of a GET key (two digits for the PEQ block and filter, as the reference writes them).
    private static string Documented(string key)
    {
        var parts = key.Split(' ');
        if (parts.Length == 3)
        {
            return $"{int.Parse(parts[0], CultureInfo.InvariantCulture):00} {parts[1]} {int.Parse(parts[2], CultureInfo.InvariantCulture):00}";
        }

        return key;
    }

    // A REP answers a key when it carries the same parameter, channel and index (digits compared as numbers, any case).
    private static Func<string, bool> Answers(string key) => frame => KeyOf(frame) == key;

    // The GET key a REP frame is about, or null.
    internal static string? KeyOf(string frame)
    {
        var t = Tokens(frame);
        if (t.Length < 2 || !t[0].Equals("REP", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        int? channel = null;
        var i = 1;
        if (IsDigits(t[1]))
        {
            channel = int.Parse(t[1], CultureInfo.InvariantCulture);
            i = 2;
        }

        if (i >= t.Length)
        {
            return null;
        }

        var name = t[i].ToUpperInvariant();
        if (name == "ERR")
        {
            return null;
        }

        int? index = name == "PEQ" && i + 1 < t.Length && IsDigits(t[i + 1]) ? int.Parse(t[i + 1], CultureInfo.InvariantCulture) : null;
        return SimulatorProfile.GetKey(name, channel, index);
    }

    private static string[] Tokens(string frame)
    {
        var inner = frame.Trim().TrimStart('<').TrimEnd('>');
        var brace = inner.IndexOf('{', StringComparison.Ordinal);
        var head = brace >= 0 ? inner[..brace] : inner;
        var tokens = head.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (brace >= 0)
        {
            tokens.Add(inner[brace..]);
        }

        return [.. tokens];
    }

    private static bool IsDigits(string token) => token.Length is > 0 and <= 2 && token.All(char.IsAsciiDigit);

    // The value of a REP: braced text without its padding, or the last token.
    private static string? Value(ProbeOutcome outcome)
    {
        if (outcome.Answer?.Text is not { } text)
        {
            return null;
        }

        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = text.LastIndexOf('}');
        if (open >= 0 && close > open)
        {
            return text[(open + 1)..close].Trim();
        }

        var t = Tokens(text);
        return t.Length > 0 ? t[^1] : null;
    }

    private static int? BracedWidth(string text)
    {
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = text.LastIndexOf('}');
        return open >= 0 && close > open ? close - open - 1 : null;
    }

    private static bool Same(string? a, string b) =>
        a is not null && (a.Equals(b, StringComparison.OrdinalIgnoreCase) || (int.TryParse(a, out var x) && int.TryParse(b, out var y) && x == y));

    private static bool IsNotSample(string frame) => !frame.Contains("SAMPLE", StringComparison.OrdinalIgnoreCase);

    private static bool IsLevelRead(string key) => key.Contains("AUDIO_IN_PEAK_LVL", StringComparison.Ordinal) || key.Contains("AUDIO_IN_RMS_LVL", StringComparison.Ordinal);

    private static string List(List<string> keys) => keys.Count == 0 ? "none" : string.Join(", ", keys);

    private static double Percentile(List<TimeSpan> values, int percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Select(v => v.TotalMilliseconds).OrderBy(v => v).ToList();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
