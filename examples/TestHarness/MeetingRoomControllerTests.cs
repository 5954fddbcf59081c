using System;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers;
using ShureDrivers.Simulator;

namespace TestHarness;

/// <summary>Tests of the example control logic against a simulated ANI4OUT, reached in memory (no sockets).</summary>
[CancelAfter(30_000)]
public class MeetingRoomControllerTests
{
    private Ani4OutSimulator _device = null!;

    [SetUp]
    public void SetUp() => _device = new Ani4OutSimulator(new SimulatorOptions { BootTime = TimeSpan.FromMilliseconds(100) });

    [TearDown]
    public void TearDown() => _device.Dispose();

    [Test]
    public async Task StartMeeting_SetsTheRoom()
    {
        await using var ani = await Ani4OutDevice.ConnectAsync("meeting-room", Options());
        await new MeetingRoomController(ani).StartMeetingAsync();

        Assert.That(_device.GetGain(1), Is.EqualTo(Gain.FromDb(-6)));
        Assert.That(_device.IsMuted(2), Is.False);
        Assert.That(_device.IsMuted(3), Is.True);
    }

    [Test]
    public async Task DeviceRebootsMidMeeting_TheRoomIsPutBack()
    {
        await using var ani = await Ani4OutDevice.ConnectAsync("meeting-room", Options());
        var controller = new MeetingRoomController(ani);
        var restored = new TaskCompletionSource();
        controller.Restored += (_, _) => restored.TrySetResult();
        await controller.StartMeetingAsync();

        // Someone restores factory settings and reboots the device in the middle of the meeting.
        _device.SetGain(1, Gain.Unity);
        _device.SetMuted(3, false);
        _device.Faults.Reboot();

        await restored.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.That(_device.GetGain(1), Is.EqualTo(Gain.FromDb(-6)));
        Assert.That(_device.IsMuted(3), Is.True);
    }

    // The simulator's in-memory connector, and short reconnect delays so the reboot test runs in well under a second.
    private DeviceSessionOptions Options() => new()
    {
        Connector = _device.CreateConnector(),
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
    };
}
