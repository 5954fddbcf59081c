using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;

namespace ShureDrivers.Soak;

/// <summary>
/// One soak: a device object used by several workers through the public API while a seeded schedule injects every
/// fault the simulator has. Every command's outcome is recorded; every 50 faults the workers pause, the link is
/// dropped so the device resyncs, and its typed values are compared with the simulator's state.
/// </summary>
internal sealed class SoakRun(SoakOptions options)
{
    private static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(20);
    private const int CheckEvery = 50;

    private readonly SoakResult _result = new();
    private readonly Random _faultRandom = new(options.Seed);

    // Which absolute gain SETs the simulator received, rejected or ignored, by (channel, raw): a success for a value
    // the device never took is a wrong result.
    private readonly ConcurrentDictionary<(int Channel, int Raw), int> _gainSetsReceived = new();
    private readonly ConcurrentDictionary<(int Channel, int Raw), int> _gainSetsRefused = new();
    private readonly ConcurrentDictionary<(int Channel, int Raw), bool> _gainSetsReported = new();
    private readonly ConcurrentDictionary<(int Channel, int Raw), bool> _gainSetsRejected = new();
    private volatile int _rejectSetsOn;
    private volatile string? _ignoreGetsOf;
    private volatile bool _paused;
    private int _active;

    public async Task<SoakResult> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        EventHandler<UnobservedTaskExceptionEventArgs> unobserved = (_, e) =>
        {
            Interlocked.Increment(ref _result.Unobserved);
            _result.Example("unobserved: " + (e.Exception.InnerException?.Message ?? e.Exception.Message));
        };
        TaskScheduler.UnobservedTaskException += unobserved;
        try
        {
            await RunCoreAsync().ConfigureAwait(false);
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= unobserved;
        }

        _result.MemoryAtEnd = GC.GetTotalMemory(forceFullCollection: true);
        _result.Elapsed = clock.Elapsed;
        return _result;
    }

    private async Task RunCoreAsync()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions
        {
            Family = IsInput ? SimulatedFamily.Ani4In : SimulatedFamily.Ani4Out,
            Profile = SimulatorProfile.FromName(options.Profile),
            BootTime = TimeSpan.FromMilliseconds(150),
            Signal = SignalModel.Programme(options.Seed),
        });
        SeedPresets(sim);
        sim.FrameReceived += (_, text) => RecordGainSet(text, _gainSetsReceived);
        sim.Faults.RejectWhen = c => Refuse(c, c.Kind == CommandKind.Set && c.Channel == _rejectSetsOn);
        sim.Faults.IgnoreWhen = c => Refuse(c, c.Kind == CommandKind.Get && c.Name == _ignoreGetsOf);

        await using var tcp = options.Transport == "tcp" ? SimulatorTcpListener.Start(sim) : null;
        var host = tcp is null ? "soak.test" : "127.0.0.1:" + tcp.LocalEndPoint.Port;
        var sessionOptions = new DeviceSessionOptions
        {
            Connector = tcp is null ? sim.CreateConnector() : TcpDeviceConnector.Instance,
            CommandTimeout = TimeSpan.FromMilliseconds(300),
            ConnectTimeout = TimeSpan.FromSeconds(1),
            KeepAliveInterval = TimeSpan.FromMilliseconds(100),
            DeadConnectionTimeout = TimeSpan.FromMilliseconds(500),
            ReconnectDelay = TimeSpan.FromMilliseconds(10),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(100),
            LoggerFactory = Environment.GetEnvironmentVariable("SOAK_LOG") == "1" ? new StderrLogger() : null,
        };

        await using ShureDevice device = IsInput
            ? await Ani4InDevice.ConnectAsync(host, sessionOptions).ConfigureAwait(false)
            : await Ani4OutDevice.ConnectAsync(host, sessionOptions).ConfigureAwait(false);
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, options.Workers).Select(w => Task.Run(() => WorkAsync(device, new Random(options.Seed * 1000 + w), stop.Token))).ToList();

        await CheckStateAsync(device, sim).ConfigureAwait(false);
        _result.MemoryAfterWarmUp = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 1; i <= options.Faults; i++)
        {
            await InjectAsync(sim).ConfigureAwait(false);
            if (i % CheckEvery == 0 || i == options.Faults)
            {
                await CheckStateAsync(device, sim).ConfigureAwait(false);
            }
        }

        stop.Cancel();
        await Task.WhenAll(workers).ConfigureAwait(false);
        JudgeGainSets();
    }

    // Returns whether to refuse; records refused gain SETs.
    private bool Refuse(CommandString command, bool refuse)
    {
        if (refuse && command.Kind == CommandKind.Set && command.Name == "AUDIO_GAIN_HI_RES" && command.Operation == SetOperation.Assign && command.Channel is { } ch)
        {
            _gainSetsRefused.AddOrUpdate((ch, command.Value.Number), 1, (_, n) => n + 1);
        }

        return refuse;
    }

    private static void RecordGainSet(string text, ConcurrentDictionary<(int, int), int> counts)
    {
        if (CommandStringParser.Ani4Out.TryParse(text, out var c) && c.Kind == CommandKind.Set && c.Name == "AUDIO_GAIN_HI_RES" && c.Operation == SetOperation.Assign && c.Channel is { } ch)
        {
            counts.AddOrUpdate((ch, c.Value.Number), 1, (_, n) => n + 1);
        }
    }

    private void JudgeGainSets()
    {
        // A SET reported rejected whose value the device received and never refused was taken (keys sent only once).
        foreach (var key in _gainSetsRejected.Keys)
        {
            if (_gainSetsReceived.GetValueOrDefault(key) == 1 && _gainSetsRefused.GetValueOrDefault(key) == 0)
            {
                Interlocked.Increment(ref _result.RejectionsNotMade);
            }
        }

        foreach (var key in _gainSetsReported.Keys)
        {
            var taken = _gainSetsReceived.GetValueOrDefault(key) - _gainSetsRefused.GetValueOrDefault(key);
            if (taken <= 0)
            {
                Interlocked.Increment(ref _result.WrongResults);
                _result.Example($"SetGainAsync({key.Channel}, raw {key.Raw}) succeeded but the device never took it");
            }
        }
    }

    private bool IsInput => options.Model == "ANI4IN";

    private async Task WorkAsync(ShureDevice device, Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (_paused)
            {
                await Task.Delay(5, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            Interlocked.Increment(ref _active);
            try
            {
                if (_paused)
                {
                    continue;
                }

                await OneCommandAsync(device, random).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }
    }

    private async Task OneCommandAsync(ShureDevice device, Random random)
    {
        var channel = random.Next(1, 5);
        var output = device.Channels[channel - 1];
        var op = random.Next(100);
        Interlocked.Increment(ref _result.Commands);
        Task task;
        Func<Task, string?> check;
        (int Channel, int Raw)? gainSet = null;
        if (op < 40)
        {
            var raw = random.Next(0, Ani4OutCommandTable.GainRawMax + 1);
            gainSet = (channel, raw);
            var gain = Gain.FromRaw(raw);
            var call = output.SetGainAsync(gain);
            task = call;
            check = _ =>
            {
                _gainSetsReported.TryAdd((channel, raw), true);
                return call.Result == gain ? null : $"SetGainAsync({channel}, {gain}) returned {call.Result}";
            };
        }
        else if (op < 60)
        {
            var muted = random.Next(2) == 0;
            var call = output.SetMuteAsync(muted);
            task = call;
            check = _ => call.Result == muted ? null : $"SetMuteAsync({channel}, {muted}) returned {call.Result}";
        }
        else if (op < 70 && output is Ani4InInput input)
        {
            // The ANI4IN's own setting in the level's place: the preamp, on its 3 dB grid.
            var db = random.Next(0, 18) * 3;
            var call = input.SetAnalogGainAsync(db);
            task = call;
            check = _ => call.Result == db ? null : $"SetAnalogGainAsync({channel}, {db}) returned {call.Result}";
        }
        else if (op < 70)
        {
            var level = (OutputLevel)random.Next(0, 3);
            task = ((Ani4OutOutput)output).SetLevelAsync(level);
            check = _ => null;
        }
        else if (op < 78)
        {
            task = output.ToggleMuteAsync();
            check = _ => null;
        }
        else if (op < 85)
        {
            task = output.StepGainAsync(random.Next(-30, 31) / 10.0);
            check = _ => null;
        }
        else if (op < 90)
        {
            task = device.RecallPresetAsync(random.Next(1, 4));
            check = _ => null;
        }
        else if (op < 94)
        {
            task = device.RefreshAsync();
            check = _ => null;
        }
        else
        {
            var call = device.Session.QueryAsync(CommandString.Get(channel, "AUDIO_MUTE"));
            task = call;
            check = _ => call.Result.Name == "AUDIO_MUTE" && call.Result.Channel == channel ? null : $"GET {channel} AUDIO_MUTE answered by {call.Result}";
        }

        using var watchdog = new CancellationTokenSource();
        if (await Task.WhenAny(task, Task.Delay(LostAfter, watchdog.Token)).ConfigureAwait(false) != task)
        {
            Interlocked.Increment(ref _result.Lost);
            _result.Example("lost: a command did not complete within " + LostAfter);
            _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            return;
        }

        watchdog.Cancel();
        try
        {
            await task.ConfigureAwait(false);
            Interlocked.Increment(ref _result.Succeeded);
            if (check(task) is { } wrong)
            {
                Interlocked.Increment(ref _result.WrongResults);
                _result.Example(wrong);
            }
        }
        catch (ShureDeviceException ex)
        {
            if (ex is DeviceCommandRejectedException && gainSet is { } rejected)
            {
                _gainSetsRejected.TryAdd(rejected, true);
            }

            Interlocked.Increment(ref _result.TypedErrors);
            SoakResult.Count(_result.ErrorsByType, ex.GetType().Name);
            if (ex is DeviceConnectionException)
            {
                // While the link is down every command fails at once; a real consumer waits a moment.
                await Task.Delay(random.Next(1, 10)).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _result.UntypedErrors);
            _result.Example("untyped: " + ex.GetType().Name + ": " + ex.Message);
        }
    }

    private async Task InjectAsync(Ani4OutSimulator sim)
    {
        var r = _faultRandom;
        var kind = r.Next(11);
        var names = new[] { "drop", "half-open", "slow replies", "reboot", "garbage", "unsolicited REP ERR", "rejected SETs", "ignored GETs", "other controller", "malformed reports", "refused connections" };
        SoakResult.Count(_result.FaultsByKind, names[kind]);
        Interlocked.Increment(ref _result.Faults);
        switch (kind)
        {
            case 0:
                sim.Faults.DropConnections();
                break;
            case 1:
                sim.Faults.Silent = true;
                await Task.Delay(r.Next(100, 700)).ConfigureAwait(false);
                sim.Faults.Silent = false;
                break;
            case 2:
                sim.Faults.ReplyDelay = TimeSpan.FromMilliseconds(r.Next(50, 400));
                await Task.Delay(r.Next(100, 400)).ConfigureAwait(false);
                sim.Faults.ReplyDelay = TimeSpan.Zero;
                break;
            case 3:
                sim.Faults.Reboot();
                break;
            case 4:
                var junk = new byte[r.Next(1, 200)];
                r.NextBytes(junk);
                sim.Faults.SendGarbage(junk);
                break;
            case 5:
                sim.Faults.SendUnsolicitedError();
                break;
            case 6:
                _rejectSetsOn = r.Next(1, 5);
                await Task.Delay(r.Next(50, 300)).ConfigureAwait(false);
                _rejectSetsOn = 0;
                break;
            case 7:
                _ignoreGetsOf = r.Next(2) == 0 ? "SERIAL_NUM" : "AUDIO_MUTE";
                await Task.Delay(r.Next(50, 300)).ConfigureAwait(false);
                _ignoreGetsOf = null;
                break;
            case 8:
                var ch = r.Next(1, 5);
                if (r.Next(2) == 0)
                {
                    sim.SetGain(ch, Gain.FromRaw(r.Next(0, Ani4OutCommandTable.GainRawMax + 1)));
                }
                else
                {
                    sim.SetMuted(ch, r.Next(2) == 0);
                }

                break;
            case 9:
                sim.Faults.SendGarbage(r.Next(4) switch
                {
                    0 => "< REP 1 AUDIO_GAIN_HI_RES 10a5 >",
                    1 => "< REP 4 AUDIO_MUTE MAYBE >",
                    2 => "< REP 9 AUDIO_MUTE ON >",
                    _ => "< REP X" + r.Next(10_000_000) + " 1 >",
                });
                break;
            default:
                sim.Faults.RefuseConnections = true;
                sim.Faults.DropConnections();
                await Task.Delay(r.Next(50, 300)).ConfigureAwait(false);
                sim.Faults.RefuseConnections = false;
                break;
        }

        await Task.Delay(r.Next(10, 60)).ConfigureAwait(false);
    }

    // Pause the workers, let the link settle, force a resync, and compare every typed value with the simulator.
    private async Task CheckStateAsync(ShureDevice device, Ani4OutSimulator sim)
    {
        _paused = true;
        try
        {
            await WaitAsync(() => Volatile.Read(ref _active) == 0, TimeSpan.FromSeconds(30), "the workers to pause").ConfigureAwait(false);
            sim.Faults.Silent = false;
            sim.Faults.ReplyDelay = TimeSpan.Zero;
            sim.Faults.RefuseConnections = false;
            _rejectSetsOn = 0;
            _ignoreGetsOf = null;
            await WaitAsync(() => !sim.IsBooting, TimeSpan.FromSeconds(5), "the reboot to finish").ConfigureAwait(false);
            // A resync that starts after this point: count Synchronized events, drop the link, wait for the next one.
            var synced = 0;
            EventHandler onSynced = (_, _) => Interlocked.Increment(ref synced);
            device.Synchronized += onSynced;
            List<string> mismatches;
            try
            {
                sim.Faults.DropConnections();

                // A resync already running (a background retry) may finish just after the drop; compare only a state
                // that was fresh before and after the comparison.
                for (var attempt = 1; ; attempt++)
                {
                    await WaitAsync(() => Volatile.Read(ref synced) > 0 && device.Session.State == ConnectionState.Connected && !device.IsStale, TimeSpan.FromSeconds(30), "the resync").ConfigureAwait(false);
                    mismatches = Compare(device, sim);
                    if (!device.IsStale && device.Session.State == ConnectionState.Connected)
                    {
                        break;
                    }

                    if (attempt == 5)
                    {
                        throw new InvalidOperationException("soak: the link kept moving during the state check, with every fault off");
                    }
                }
            }
            finally
            {
                device.Synchronized -= onSynced;
            }

            Interlocked.Increment(ref _result.Checks);
            _result.HeapAtChecks.Enqueue(GC.GetTotalMemory(forceFullCollection: true));
            if (Environment.GetEnvironmentVariable("SOAK_LOG") == "1")
            {
                Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} CHECK {mismatches.Count} mismatches");
            }
            if (mismatches.Count > 0)
            {
                Interlocked.Add(ref _result.Mismatches, mismatches.Count);
                _result.Example("after resync: " + string.Join("; ", mismatches.Take(3)));
            }
        }
        finally
        {
            _paused = false;
        }
    }

    private static List<string> Compare(ShureDevice device, Ani4OutSimulator sim)
    {
        var problems = new List<string>();
        void Same<T>(string what, T? actual, T expected)
        {
            if (!EqualityComparer<T?>.Default.Equals(actual, expected))
            {
                problems.Add($"{what}: device says {actual?.ToString() ?? "null"}, simulator {expected}");
            }
        }

        Same("preset", device.ActivePreset, sim.ActivePreset);
        Same("device id", device.DeviceId, sim.GetValue("DEVICE_ID").Text);
        for (var ch = 1; ch <= Ani4OutCommandTable.OutputCount; ch++)
        {
            var o = device.Channels[ch - 1];
            Same($"gain {ch}", o.Gain, sim.GetGain(ch));
            Same($"mute {ch}", o.IsMuted, sim.IsMuted(ch));
            Same($"name {ch}", o.Name, sim.GetChannelName(ch));
            if (o is Ani4OutOutput output)
            {
                Same($"level {ch}", output.Level?.ToString().ToUpperInvariant() + "_LVL", sim.GetOutputLevel(ch));
            }
            else if (o is Ani4InInput input)
            {
                Same($"preamp {ch}", input.AnalogGain, sim.GetValue(ShureDrivers.Protocol.Ani4InParameters.AudioGain, ch).Number);
            }
        }

        return problems;
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException("soak: timed out waiting for " + what);
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    private static void SeedPresets(Ani4OutSimulator sim)
    {
        for (var slot = 1; slot <= 3; slot++)
        {
            for (var ch = 1; ch <= Ani4OutCommandTable.OutputCount; ch++)
            {
                sim.SetGain(ch, Gain.FromDb(-6 * slot));
                sim.SetMuted(ch, slot == 3);
            }

            sim.SavePreset(slot, "Soak " + slot);
        }
    }
}
