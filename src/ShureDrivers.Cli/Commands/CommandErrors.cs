using System;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary>The one mapping from what a command throws to the message a user reads and the exit code a script sees.</summary>
internal static class CommandErrors
{
    /// <summary>Runs <paramref name="action"/>, turning every expected failure into a message on stderr and its exit code.</summary>
    public static async Task<int> GuardAsync(CliConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ArgumentException ex)
        {
            await console.Error.WriteLineAsync(Sentence(ex));
            return ExitCodes.Usage;
        }
        catch (DeviceCommandRejectedException ex)
        {
            await console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Rejected;
        }
        catch (DeviceModelMismatchException ex)
        {
            await console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.WrongModel;
        }
        catch (ShureDeviceException ex)
        {
            await console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Unreachable;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("Cancelled.");
            return ExitCodes.Error;
        }
    }

    /// <summary>The message without the " (Parameter 'x')" .NET appends: a script's user needs only the sentence.</summary>
    public static string Sentence(ArgumentException ex) =>
        ex.ParamName is { } name ? ex.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : ex.Message;
}
