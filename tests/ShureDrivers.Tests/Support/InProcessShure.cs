using System.IO;
using System.Threading.Tasks;
using ShureDrivers.Cli;

namespace ShureDrivers.Tests.Support;

/// <summary>Runs the <c>shure</c> tool in this process with captured output (no terminal, empty standard input).</summary>
public static class InProcessShure
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ShureCli.RunAsync(args, new CliConsole(output, error, TextReader.Null));
        return (code, output.ToString(), error.ToString());
    }
}
