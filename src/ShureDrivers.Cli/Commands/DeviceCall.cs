using System;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary>
/// What every device command's handler takes besides its own typed values: the console, the host as the user wrote
/// it, the target to connect to (with <c>--port</c> applied), the session options (which carry the
/// <see cref="DeviceConnector"/>) and <c>--json</c>. <see cref="DeviceCommandSupport"/> builds it from a command
/// line; a test builds it with an in-memory connector and calls the handler without TCP.
/// </summary>
internal sealed record DeviceCall(CliConsole Console, string Host, string Target, DeviceSessionOptions Session, bool Json)
{
    /// <summary>
    /// Connects the typed object for whichever model answers (<see cref="ShureDevices.ConnectAsync"/>), runs
    /// <paramref name="action"/> on it, and maps every failure to its exit code.
    /// </summary>
    public Task<int> RunAsync(Func<ShureDevice, Task<int>> action, CancellationToken cancellationToken) =>
        CommandErrors.GuardAsync(Console, async () =>
        {
            await using var device = await ShureDevices.ConnectAsync(Target, Session, cancellationToken);
            return await action(device);
        });

    /// <summary>The JSON name of a device's channels: <c>outputs</c> on an ANI4OUT, <c>inputs</c> on an ANI4IN.</summary>
    public static string ChannelsKey(ShureDevice device) => device is Ani4InDevice ? "inputs" : "outputs";

    /// <summary>"Output" or "Input", for text lines.</summary>
    public static string ChannelWord(ShureDevice device) => device is Ani4InDevice ? "Input" : "Output";

    /// <summary>
    /// The device as <typeparamref name="TDevice"/>, or an <see cref="ArgumentException"/> (exit 2, the command does
    /// not apply to this model) saying that <paramref name="what"/> is another model's. Nothing has been changed.
    /// </summary>
    public TDevice Require<TDevice>(ShureDevice device, string what, string model)
        where TDevice : ShureDevice =>
        device as TDevice ?? throw new ArgumentException(
            $"{Target} is an {device.Model ?? "unknown model"}: {what} is an {model} setting. Nothing was changed.");

    /// <summary>Writes <paramref name="command"/>'s JSON document (docs/cli-json.md).</summary>
    public async Task WriteJsonAsync(string command, object body) =>
        await Console.Out.WriteLineAsync(JsonContract.Document(command, body));

    /// <summary>Writes one line of <paramref name="command"/>'s JSON stream (NDJSON).</summary>
    public async Task WriteJsonLineAsync(string command, object body)
    {
        await Console.Out.WriteLineAsync(JsonContract.Document(command, body, indented: false));
        await Console.Out.FlushAsync();
    }

    /// <summary>The JSON document with <c>--json</c>, else the text.</summary>
    public async Task ReportAsync(string command, object json, string text)
    {
        if (Json)
        {
            await WriteJsonAsync(command, json);
        }
        else
        {
            await Console.Out.WriteLineAsync(text);
        }
    }
}
