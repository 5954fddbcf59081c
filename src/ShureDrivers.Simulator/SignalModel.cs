using System;

namespace ShureDrivers.Simulator;

/// <summary>
/// The audio arriving at each output, in dBFS, as a function of time. Drives SAMPLE lines and the peak/RMS
/// queries. Deterministic for a given time, so tests that advance a fake clock see repeatable meters.
/// </summary>
public abstract class SignalModel
{
    /// <summary>No signal on any output.</summary>
    public static SignalModel Silence { get; } = new ConstantSignal(double.NegativeInfinity);

    /// <summary>The same level on every output.</summary>
    public static SignalModel Constant(double dbfs) => new ConstantSignal(dbfs);

    /// <summary>Programme-like levels that wander between about −45 and −6 dBFS, repeatable for a seed.</summary>
    public static SignalModel Programme(int seed) => new ProgrammeSignal(seed);

    /// <summary>The level arriving at <paramref name="output"/> (1..4) at <paramref name="elapsed"/> since the simulator started.</summary>
    public abstract double GetLevelDbfs(int output, TimeSpan elapsed);

    private sealed class ConstantSignal(double dbfs) : SignalModel
    {
        public override double GetLevelDbfs(int output, TimeSpan elapsed) => dbfs;
    }

    private sealed class ProgrammeSignal(int seed) : SignalModel
    {
        public override double GetLevelDbfs(int output, TimeSpan elapsed)
        {
            // A sum of slow sines with seed-dependent phases: smooth, bounded, and a pure function of time.
            var t = elapsed.TotalSeconds;
            var phase = ((seed * 7919) + (output * 104729)) % 1000 / 1000.0 * 2 * Math.PI;
            var wobble = (Math.Sin((t * 0.7) + phase) * 0.6) + (Math.Sin((t * 2.3) + (phase * 3)) * 0.4);
            return -25.5 + (wobble * 19.5);
        }
    }
}
