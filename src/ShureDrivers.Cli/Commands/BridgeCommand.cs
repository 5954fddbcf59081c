using System;
using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using ShureDrivers.PacketBridge;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure bridge DANTE-IP</c>: asks the packet bridge for the control address, mask and MAC.</summary>
internal static class BridgeCommand
{
    public static Command Create(CliConsole console)
    {
        var json = CliOptions.Json();
        var dante = new Argument<string>("DANTE-IP") { Description = "The device's Dante (audio) IPv4 address." };
        var port = CliOptions.Port("The packet bridge's UDP port (default 2203).");
        var timeout = CliOptions.Timeout("Seconds to wait in all (one query per second until then).", 3);
        var command = new Command("bridge", "Ask a device's packet bridge (UDP 2203 on its Dante address) for its control IP, subnet mask and MAC.");
        command.Arguments.Add(dante);
        command.Options.Add(port);
        command.Options.Add(timeout);
        command.Options.Add(json);
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(console, async () =>
        {
            if (!IPAddress.TryParse(parse.GetValue(dante), out var address) || address.AddressFamily != AddressFamily.InterNetwork)
            {
                throw new ArgumentException($"'{parse.GetValue(dante)}' is not an IPv4 address.");
            }

            var seconds = parse.GetValue(timeout);
            var portValue = parse.GetValue(port) ?? PacketBridgeReply.DefaultPort;

            var interval = TimeSpan.FromSeconds(Math.Min(1, seconds));
            var client = new PacketBridgeClient(new PacketBridgeOptions
            {
                Port = portValue,
                ResendInterval = interval,
                Attempts = Math.Max(1, Math.Min(20, (int)Math.Round(seconds / interval.TotalSeconds))),
            });
            var reply = await client.QueryAsync(address, ct);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonContract.Document("bridge", new { dante = new { address = address.ToString() }, address = reply.ControlAddress.ToString(), subnetMask = reply.SubnetMask.ToString(), mac = reply.MacAddressText }));
            }
            else
            {
                await console.Out.WriteLineAsync($"control {reply.ControlAddress}  mask {reply.SubnetMask}  MAC {reply.MacAddressText}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
