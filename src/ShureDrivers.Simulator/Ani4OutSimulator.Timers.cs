using System;
using System.Threading;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

// Timers on the injected clock: metering and the signal model, FLASH, and reboot.
public sealed partial class Ani4OutSimulator
{
    /// <summary>Restarts the device: every session closes without a reply, connections are refused for <see cref="SimulatorOptions.BootTime"/>, then it comes back with its settings (metering and FLASH off).</summary>
    public void Reboot()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _booting = true;
            _meterTimer?.Dispose();
            _meterTimer = null;
            _flashTimer?.Dispose();
            _flashTimer = null;
            _state[new ParameterKey(Ani4OutParameters.MeterRate)] = CommandValue.FromNumber(0);
            _state[new ParameterKey(Ani4OutParameters.Flash)] = CommandValue.FromSwitch(false);
            _bootTimer?.Dispose();
            _bootTimer = Options.TimeProvider.CreateTimer(_ => FinishBoot(), null, Options.BootTime, Timeout.InfiniteTimeSpan);
        }

        SimulatorLog.Rebooting(_logger, HostName, Options.BootTime);
        DropAllSessions();
        BootStateChanged?.Invoke(this, true);
    }

    private void RestartMeterLocked(int owner)
    {
        _meterTimer?.Dispose();
        _meterTimer = null;
        _meterOwner = owner;
        var rate = _state[new ParameterKey(Ani4OutParameters.MeterRate)].Number;
        if (rate > 0)
        {
            var period = TimeSpan.FromMilliseconds(rate);
            _meterTimer = Options.TimeProvider.CreateTimer(_ => Meter(), null, period, period);
        }
    }

    private void Meter()
    {
        lock (_gate)
        {
            if (_disposed || _booting || _meterTimer is null)
            {
                return;
            }

            var elapsed = Elapsed();
            var levels = new int[Ani4OutCommandTable.OutputCount];
            for (var output = 1; output <= levels.Length; output++)
            {
                levels[output - 1] = MeterLevelLocked(output, elapsed);
            }

            var frame = Wire(CommandString.Sample(levels));
            if (Options.SamplesToAllSessions || _meterOwner < 0)
            {
                BroadcastLocked(frame);
            }
            else if (_sessions.TryGetValue(_meterOwner, out var owner))
            {
                Sending(frame);
                EnqueueOrLog(owner, frame, NextReplyDelay());
            }
        }
    }

    // SAMPLE value = dBFS + 60, clamped to 0..60; post-fader taps include the digital gain and the mute. An ANI4IN's
    // signal is the source at the connector (-51 dBFS for a microphone at 0 dB preamp gain is typical): the preamp
    // gain comes before every tap.
    private int MeterLevelLocked(int output, TimeSpan elapsed)
    {
        var dbfs = Options.Signal.GetLevelDbfs(output, elapsed);
        if (_state.TryGetValue(new ParameterKey(Ani4InParameters.AudioGain, output), out var preamp))
        {
            dbfs += preamp.Number;
        }

        var postFader = string.Equals(_state[new ParameterKey(_meterModeParameter)].Text, "POST_FADER", StringComparison.Ordinal);
        if (postFader)
        {
            if (_state[new ParameterKey(Ani4OutParameters.AudioMute, output)].TryGetSwitch(out var muted) && muted)
            {
                return 0;
            }

            dbfs += Gain.FromRaw(_state[new ParameterKey(Ani4OutParameters.AudioGainHiRes, output)].Number).Decibels;
        }

        if (double.IsNaN(dbfs) || double.IsNegativeInfinity(dbfs))
        {
            return 0;
        }

        return (int)Math.Max(0, Math.Min(60, Math.Round(dbfs + 60)));
    }

    private TimeSpan Elapsed() => Options.TimeProvider.GetElapsedTime(_startTimestamp);

    private void EndFlash()
    {
        lock (_gate)
        {
            if (_disposed || _flashTimer is null)
            {
                return;
            }

            _flashTimer.Dispose();
            _flashTimer = null;
            var key = new ParameterKey(Ani4OutParameters.Flash);
            _state[key] = CommandValue.FromSwitch(false);
            BroadcastLocked(Wire(MakeReport(key, _state[key])));
        }
    }

    private void FinishBoot()
    {
        lock (_gate)
        {
            if (_disposed || !_booting)
            {
                return;
            }

            _booting = false;
            _bootTimer?.Dispose();
            _bootTimer = null;
        }

        BootStateChanged?.Invoke(this, false);
    }
}
