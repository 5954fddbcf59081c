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
        // 'fleet [devices] [seconds] [rounds] [no-consumer] [mixed] [raw-only|library-only]': the fleet scenario beside a raw-socket reader, in
        // rounds; anything else goes to BenchmarkDotNet.
        if (args.Length > 0 && args[0] == "fleet")
        {
            var devices = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
            var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
            var rounds = args.Length > 3 && int.TryParse(args[3], System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : 3;
            var flags = System.Linq.Enumerable.ToList(System.Linq.Enumerable.Skip(args, 3));
            var consume = !flags.Contains("no-consumer");
            var mixed = flags.Contains("mixed");
            var phases = flags.Contains("raw-only") ? "raw" : flags.Contains("library-only") ? "library" : "both";
            return await FleetBenchmark.RunAsync(devices, System.TimeSpan.FromSeconds(seconds), rounds, consume, mixed, phases);
        }

        // 'memory [devices] [seconds] [rounds] [churn KB/s]': a fresh lean process per kind (nothing, the raw reader, the library)
        // holding the fleet; 'hold KIND FILE SECONDS' is that child.
        if (args.Length > 0 && args[0] == "memory")
        {
            var devices = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
            var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
            var rounds = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3;
            var churn = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 0;
            return await FleetMemoryBenchmark.RunAsync(devices, System.TimeSpan.FromSeconds(seconds), rounds, churn);
        }

        if (args.Length is 4 or 5 && args[0] == "hold")
        {
            var churn = args.Length == 5 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 0;
            return await FleetMemoryBenchmark.HoldAsync(args[1], args[2], System.TimeSpan.FromSeconds(double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)), churn);
        }

        // 'resync [rounds]': connect-to-ready on simulated firmware profiles, beside the resync the driver had before.
        if (args.Length > 0 && args[0] == "resync")
        {
            return await ResyncBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
        }

        // 'discovery [responders] [--hold]': one scan against many simulated mDNS responders, in memory and over veth.
        if (args.Length > 0 && args[0] == "discovery")
        {
            var count = args.Length > 1 && args[1] != "--hold" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 250;
            return await DiscoveryScaleBenchmark.RunAsync(count, System.Array.IndexOf(args, "--hold") >= 0);
        }

        return RunBenchmarkDotNet(args);
    }

    // Its own method, not inlined: the scenarios above never load BenchmarkDotNet's assemblies, which would count in
    // the fleet's working set (55 MB before any device with them loaded by Main's JIT).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int RunBenchmarkDotNet(string[] args)
    {
        // Out of process (BenchmarkDotNet 0.15 generates net10.0 projects); '--inprocess' keeps the old in-process
        // toolchain for a quick look on a busy machine.
        var inProcess = System.Array.IndexOf(args, "--inprocess") >= 0;
        args = System.Array.FindAll(args, a => a != "--inprocess");
        var config = (inProcess ? DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)) : DefaultConfig.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
