using System;
using System.Buffers;
using System.CommandLine;
using System.IO;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;

namespace ShureDrivers.Cli.Commands;

/// <summary>
/// <c>shure raw HOST "&lt; GET 1 AUDIO_MUTE &gt;"</c>: one command string on a plain connection (no resync, no keep-alive)
/// and the frames that come back, printed as the device sent them (control characters escaped), not re-rendered. It
/// ends at the reply (or <c>REP ERR</c>); a dump (<c>GET 0 …</c>, <c>GET ALL</c>) ends after 300 ms without a frame.
/// </summary>
internal static class RawCommand
{
    private static readonly TimeSpan DumpQuiet = TimeSpan.FromMilliseconds(300);

    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("raw", "Send one command string, e.g. \"< GET 1 AUDIO_MUTE >\", and print the frames the device sends back, as received.", json: false);
        var frame = new Argument<string>("COMMAND") { Description = "A GET or SET frame. Checked against the ANI4OUT and ANI4IN command tables before sending (valid for either)." };
        frame.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string>();
            if (!CommandStringParser.Ani4Out.TryParse(text, out var parsed) || parsed.Kind is not (CommandKind.Get or CommandKind.Set))
            {
                r.AddError($"'{TerminalText.Safe(text)}' is not a GET or SET command string.");
            }
            else if (!Ani4OutCommandTable.Table.TryValidate(parsed, out var problem) && !Ani4InCommandTable.Table.TryValidate(parsed, out _))
            {
                r.AddError(TerminalText.Safe(problem));
            }
        });
        command.Arguments.Add(frame);

        // The validator has parsed and checked the frame.
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () => RunAsync(s.Call(parse), CommandStringParser.Ani4Out.Parse(parse.GetValue(frame)!), ct)));
        return command;
    }

    /// <summary>Sends <paramref name="request"/> on a plain connection and prints what answers it, as received.</summary>
    public static Task<int> RunAsync(DeviceCall call, CommandString request, CancellationToken ct) =>
        CommandErrors.GuardAsync(call.Console, () => ExchangeAsync(call, request, ct));

    private static async Task<int> ExchangeAsync(DeviceCall call, CommandString request, CancellationToken ct)
    {
        var options = call.Session;
        var target = call.Target;
        var endpoint = HostEndPoint(target, options.Port);
        await using var stream = await ConnectAsync(options, endpoint, target, ct);
        // The table the request is valid in: the ANI4OUT's, else the ANI4IN's (the validator checked one of them).
        var table = Ani4OutCommandTable.Table.TryValidate(request, out _) ? Ani4OutCommandTable.Table : Ani4InCommandTable.Table;
        var parser = table.Parser;
        var bytes = Encoding.ASCII.GetBytes(new CommandStringFormatter(table).Format(request));
        await stream.WriteAsync(bytes, ct);
        table.TryGetParameter(request.Name, out var row);
        if (row is { HasReply: false })
        {
            await call.Console.Out.WriteLineAsync("(sent; the device does not answer this command)");
            return ExitCodes.Ok;
        }

        var dump = request.Channel == 0 || request.Name == "ALL";

        // The core's one rule for "this report answers that request" (the table's reply name: SET DEFAULT_SETTINGS is
        // answered by REP PRESET 00 or REP DEFAULT_SETTINGS 00).
        var answers = new ShureDrivers.Internal.PendingCommand(request, row!);
        var reader = PipeReader.Create(stream);
        var framer = new CommandStringFramer();
        var result = ExitCodes.Ok;
        var answered = false;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.CommandTimeout);
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(deadline.Token);
                var buffer = read.Buffer;
                while (framer.TryReadFrame(ref buffer, out var received))
                {
                    var raw = Encoding.Latin1.GetString(received.ToArray());
                    var parsed = parser.TryParse(received, out var reply) ? reply : null;
                    var isAnswer = parsed is { Kind: CommandKind.Error } || (parsed is { Kind: CommandKind.Report } && (dump || answers.IsAnsweredBy(parsed)));
                    if (isAnswer || (dump && answered))
                    {
                        await call.Console.Out.WriteLineAsync(TerminalText.Safe(raw));
                        answered = true;
                        result = parsed is { Kind: CommandKind.Error } ? ExitCodes.Rejected : result;
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (answered && !dump)
                {
                    return result;
                }

                if (answered)
                {
                    // A dump has no end marker: it is over after a quiet moment.
                    deadline.CancelAfter(DumpQuiet);
                }

                if (read.IsCompleted)
                {
                    throw new DeviceConnectionException("The device closed the connection.", target);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            if (answered)
            {
                return result;
            }

            throw new DeviceTimeoutException($"{target}: no reply to {CommandStringFormatter.Ani4Out.Format(request)} within {options.CommandTimeout.TotalSeconds:0.#} s.", options.CommandTimeout, target);
        }
    }

    private static DnsEndPoint HostEndPoint(string target, int defaultPort)
    {
        return ShureDrivers.Internal.DefaultPortEndPoint.For(target, defaultPort);
    }

    private static async Task<Stream> ConnectAsync(DeviceSessionOptions options, DnsEndPoint endpoint, string target, CancellationToken ct)
    {
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connect.CancelAfter(options.ConnectTimeout);
        try
        {
            return await options.Connector.ConnectAsync(endpoint, connect.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DeviceTimeoutException($"No connection to {target} within {options.ConnectTimeout.TotalSeconds:0.#} s.", options.ConnectTimeout, target);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new DeviceConnectionException($"Could not connect to {target}: {ex.Message}", target, ex);
        }
    }
}
