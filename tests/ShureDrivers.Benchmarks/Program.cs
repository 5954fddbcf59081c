using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ShureDrivers.Benchmarks;

public static class Program
{
    public static async System.Threading.Tasks.Task<int> Main(string[] args)
    {
        // 'fleet [devices] [seconds] [no-consumer]': the one-shot fleet scenario; anything else goes to BenchmarkDotNet.
        if (args.Length > 0 && args[0] == "fleet")
        {
            var devices = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
            var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
            var consume = !(args.Length > 3 && args[3] == "no-consumer");
            return await FleetBenchmark.RunAsync(devices, System.TimeSpan.FromSeconds(seconds), consume);
        }

        // In-process: BenchmarkDotNet 0.14 (the newest on our package source) cannot generate projects for net10.0.
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
