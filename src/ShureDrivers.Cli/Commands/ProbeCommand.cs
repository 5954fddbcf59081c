using System;
using System.CommandLine;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Cli.Probe;
using ShureDrivers.Discovery;

namespace ShureDrivers.Cli.Commands;

/// <summary>
/// <c>shure probe HOST</c>: answers, by number, every hardware question the wire can answer, and writes a Markdown
/// report and a firmware profile file that plays the device in the simulator. Read-only unless <c>--writes</c>.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("probe", "Measure a device against every open hardware question (docs/hardware-questions.md): GETs only unless --writes. Prints a Markdown report (or --json) and, with --out DIR, writes probe-report.md, probe-report.json and profile.json (play it with 'shure simulate --profile-file').");
        var dante = new Option<string?>("--dante") { Description = "The device's Dante address (ADDR or ADDR:PORT): also ask its packet bridge (H44)." };
        dante.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !IPEndPoint.TryParse(text, out _))
            {
                r.AddError($"--dante takes an IP address or ADDR:PORT, not '{TerminalText.Safe(text)}'.");
            }
        });
        var output = new Option<DirectoryInfo?>("--out") { Description = "A folder for probe-report.md, probe-report.json and profile.json (created if missing)." };
        var writes = new Option<bool>("--writes") { Description = "Also run reversible SET tests (a SET of the value already there, SET spellings, metering to a second session); every value touched is put back and read back. Never DEFAULT_SETTINGS, REBOOT or a preset recall." };
        var noMdns = new Option<bool>("--no-mdns") { Description = "Skip the mDNS questions (H24, H35, H45): no multicast is sent." };
        command.Options.Add(noMdns);
        command.Options.Add(dante);
        command.Options.Add(output);
        command.Options.Add(writes);
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () => RunAsync(s.Call(parse), parse.GetValue(noMdns) ? null : s.DiscoveryOptions(parse), parse.GetValue(dante), parse.GetValue(output), parse.GetValue(writes), ct)));
        return command;
    }

    /// <summary>
    /// Probes <paramref name="call"/>'s device; <paramref name="mdns"/> null skips the mDNS questions. Writes the
    /// report (and with <paramref name="output"/> the three files); exit 3 when no MODEL was read.
    /// </summary>
    public static Task<int> RunAsync(DeviceCall call, DiscoveryOptions? mdns, string? dante, DirectoryInfo? output, bool writes, CancellationToken ct) =>
        CommandErrors.GuardAsync(call.Console, () => ProbeAsync(call, mdns, dante, output, writes, ct));

    private static async Task<int> ProbeAsync(DeviceCall call, DiscoveryOptions? mdns, string? dante, DirectoryInfo? output, bool writes, CancellationToken ct)
    {
        var options = call.Session;
        var target = call.Target;
        IPEndPoint? bridge = null;
        if (dante is not null)
        {
            bridge = IPEndPoint.Parse(dante);
            if (bridge.Port == 0)
            {
                bridge.Port = PacketBridge.PacketBridgeReply.DefaultPort;
            }
        }

        var settings = new ProbeSettings(target, ShureDrivers.Internal.DefaultPortEndPoint.For(target, options.Port), options.Connector, options.CommandTimeout, writes, bridge, mdns);
        var result = await new DeviceProbe(settings).RunAsync(ct);
        var markdown = ProbeReport.Markdown(result);
        if (output is not null)
        {
            output.Create();
            await File.WriteAllTextAsync(Path.Combine(output.FullName, "probe-report.md"), markdown, CancellationToken.None);
            await File.WriteAllTextAsync(Path.Combine(output.FullName, "probe-report.json"), JsonContract.Document("probe", ProbeReport.Json(result)) + Environment.NewLine, CancellationToken.None);
            if (result.ProfileJson is { } profile)
            {
                await File.WriteAllTextAsync(Path.Combine(output.FullName, "profile.json"), profile, CancellationToken.None);
            }

            await call.Console.Error.WriteLineAsync($"Wrote {Path.Combine(output.FullName, "probe-report.md")}, probe-report.json{(result.ProfileJson is null ? string.Empty : " and profile.json")}.");
        }

        if (call.Json)
        {
            await call.WriteJsonAsync("probe", ProbeReport.Json(result));
        }
        else
        {
            await call.Console.Out.WriteAsync(markdown);
        }

        await call.Console.Error.WriteLineAsync(result.Summary);
        return result.Model is null ? ExitCodes.Unreachable : ExitCodes.Ok;
    }
}
