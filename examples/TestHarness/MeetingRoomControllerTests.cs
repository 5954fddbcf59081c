using System;
using System.Net.Http;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers;
using ShureDrivers.Simulator;

namespace TestHarness;

/// <summary>
/// Tests of the example control logic against a simulated ANI4OUT, reached in memory. With SHURE_PANEL=1 each test
/// also opens the simulator panel on its device (<see cref="SimulatedRoom"/>).
/// </summary>
[CancelAfter(30_000)]
public class MeetingRoomControllerTests
{
    private SimulatedRoom _room = null!;
    private Ani4OutSimulator _device = null!;

    [SetUp]
    public async Task SetUp()
    {
        _room = await SimulatedRoom.StartAsync(panel: SimulatedRoom.PanelRequested);
        _device = _room.Device;
    }

    [TearDown]
    public async Task TearDown() => await _room.DisposeAsync();

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

    [Test]
    public async Task ThePanel_WhenAsked_ShowsTheRoomsDevice_AndItsController()
    {
        await using var room = await SimulatedRoom.StartAsync(panel: true);
        await using var ani = await Ani4OutDevice.ConnectAsync("meeting-room", room.ConnectOptions());
        await new MeetingRoomController(ani).StartMeetingAsync();

        using var http = new HttpClient { BaseAddress = room.Panel!.Url };
        var devices = await http.GetStringAsync("/api/devices");
        Assert.That(devices, Does.Contain(room.Device.HostName).And.Contain("\"controllers\":[\"in-memory\"]").And.Contain("\"gainDb\":-6"));
    }

    private DeviceSessionOptions Options() => _room.ConnectOptions();
}
