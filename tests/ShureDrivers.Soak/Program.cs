using System;
using System.Threading.Tasks;

namespace ShureDrivers.Soak;

public static class Program
{
    /// <summary>Exit 0 when nothing was lost, wrong, mismatched or unobserved; 1 otherwise; 2 for bad arguments.</summary>
    public static async Task<int> Main(string[] args)
    {
        SoakOptions options;
        try
        {
            options = SoakOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        var result = await new SoakRun(options).RunAsync();
        Console.WriteLine(result.Format(options));
        return result.IsClean ? 0 : 1;
    }
}
