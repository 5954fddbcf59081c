using System.Threading.Tasks;
using ShureDrivers.Cli;

using var signals = new TerminationSignals();
var code = await ShureCli.RunAsync(args, CliConsole.System, signals.Token);
return signals.ExitCode ?? code;
