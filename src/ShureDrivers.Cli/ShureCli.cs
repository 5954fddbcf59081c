using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Cli.Commands;

namespace ShureDrivers.Cli;

/// <summary>The <c>shure</c> command tree.</summary>
internal static class ShureCli
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("Control Shure ANI4OUT audio network interfaces, and simulate them for tests.");
        root.Options.Add(Verbosity.Create());
        root.Subcommands.Add(SimulateCommand.Create(console));
        root.Subcommands.Add(BridgeCommand.Create(console));
        root.Subcommands.Add(DiscoverCommand.Create(console));
        root.Subcommands.Add(ApplyCommand.Create(console));
        foreach (var command in DeviceCommands.Create(console))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs; usage errors exit with 2.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = Build(console);
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await console.Error.WriteLineAsync(error.Message);
            }

            await console.Error.WriteLineAsync("Run 'shure --help' for usage.");
            return ExitCodes.Usage;
        }

        // Signals are ours (TerminationSignals): each command cleans up, however long that takes within its timeouts.
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = null };
        return await result.InvokeAsync(configuration, cancellationToken);
    }
}
