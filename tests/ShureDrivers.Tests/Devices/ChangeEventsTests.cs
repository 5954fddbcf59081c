using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Devices;

/// <summary>
/// Change events cost nothing when nobody handles them, and reach whoever does: the cache is updated either way, and
/// a handler on one output alone, or on the device alone, still hears its change.
/// </summary>
[CancelAfter(20_000)]
public class ChangeEventsTests
{
    [Test]
    public async Task WithoutHandlers_TheValuesStillFollowTheDevice_AndAHandlerAddedLaterHearsLaterChanges()
    {
        using var sim = new Ani4OutSimulator();
        await using var device = await Ani4OutDevice.ConnectAsync("room", new DeviceSessionOptions { Connector = sim.CreateConnector() });

        sim.SetGain(2, Gain.FromDb(-6));
        await Wait.UntilAsync(() => device.Output(2).Gain == Gain.FromDb(-6), "the new gain in the cache");

        var outputChanges = new ConcurrentQueue<string?>();
        device.Output(3).PropertyChanged += (_, e) => outputChanges.Enqueue(e.PropertyName);
        sim.SetMuted(3, true);
        await Wait.UntilAsync(() => outputChanges.Contains(nameof(Ani4OutOutput.IsMuted)), "output 3's own handler");

        var deviceChanges = new ConcurrentQueue<DeviceChangedEventArgs>();
        device.Changed += (_, e) => deviceChanges.Enqueue(e);
        sim.SetGain(1, Gain.FromDb(-3));
        await Wait.UntilAsync(() => !deviceChanges.IsEmpty, "the device's handler");
        Assert.That(deviceChanges.TryPeek(out var first) ? (first.Parameter, first.Channel) : default, Is.EqualTo(("AUDIO_GAIN_HI_RES", (int?)1)));
        Assert.That(outputChanges, Does.Not.Contain(nameof(Ani4OutOutput.Gain)), "output 3's handler hears output 3 only");
    }
}
