using System.Threading.Tasks;
using ShureDrivers.Cli;

return await ShureCli.RunAsync(args, CliConsole.System);
