using System;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers;

namespace TestHarness;

/// <summary>
/// Example control logic of the kind an integrator writes: "start meeting" sets the room's outputs, and whenever the
/// device comes back (after a reboot, say) the meeting state is put back.
/// </summary>
public sealed class MeetingRoomController
{
    private readonly Ani4OutDevice _device;
    private int _inMeeting;
    private int _linkLost;

    public MeetingRoomController(Ani4OutDevice device)
    {
        _device = device;

        // Events arrive in order on one thread: a resync counts as "the device came back" only after a lost link,
        // never the connect's own (which may still be on its way when the controller is created).
        device.Session.StateChanged += (_, e) =>
        {
            if (e.Current == ConnectionState.Reconnecting)
            {
                Volatile.Write(ref _linkLost, 1);
            }
        };
        device.Synchronized += (_, _) =>
        {
            if (Interlocked.Exchange(ref _linkLost, 0) == 1 && Volatile.Read(ref _inMeeting) == 1)
            {
                _ = ReapplyAsync();
            }
        };
    }

    /// <summary>Raised after the meeting state was put back following a reconnect.</summary>
    public event EventHandler? Restored;

    /// <summary>Speech at -6 dB on outputs 1-2, outputs 3-4 muted.</summary>
    public async Task StartMeetingAsync(CancellationToken cancellationToken = default)
    {
        Volatile.Write(ref _inMeeting, 1);
        await ApplyAsync(cancellationToken);
    }

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await _device.Output(1).SetGainAsync(Gain.FromDb(-6), cancellationToken);
        await _device.Output(2).SetGainAsync(Gain.FromDb(-6), cancellationToken);
        await _device.Output(1).SetMuteAsync(false, cancellationToken);
        await _device.Output(2).SetMuteAsync(false, cancellationToken);
        await _device.Output(3).SetMuteAsync(true, cancellationToken);
        await _device.Output(4).SetMuteAsync(true, cancellationToken);
    }

    private async Task ReapplyAsync()
    {
        try
        {
            await ApplyAsync(CancellationToken.None);
            Restored?.Invoke(this, EventArgs.Empty);
        }
        catch (ShureDeviceException)
        {
            // The next reconnect tries again.
        }
    }
}
