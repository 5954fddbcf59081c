using Microsoft.Extensions.Time.Testing;
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Devices;

/// <summary><see cref="Ani4OutDevice.Open"/>: a device that is down when the program starts, connected in the background.</summary>
[CancelAfter(30_000)]
public class BackgroundConnectTests
{
    [Test]
    public async Task Open_WhileTheDeviceIsDown_ReturnsAtOnce_FailsCommandsFast_ThenConnectsWhenItComesUp()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions());
        var connector = new SwitchableConnector(new InMemoryDeviceConnector(sim));
        var time = new TestClock();
        await using var device = Ani4OutDevice.Open("rack-1", new DeviceSessionOptions { Connector = connector, TimeProvider = time, KeepAliveInterval = TimeSpan.Zero });

        Assert.That(device.Session.State, Is.EqualTo(ConnectionState.Connecting));
        Assert.That(device.Model, Is.Null, "no value before the first resync");
        Assert.That(device.Output(1).Gain, Is.Null);
        Assert.ThrowsAsync<DeviceConnectionException>(() => device.Output(1).SetMuteAsync(true), "commands fail fast while down");
        // The failure is recorded after the connector refuses: wait for it, not for the attempt (10-run loop, run 1).
        await Wait.UntilAsync(() => device.Session.LastFailure is not null, "the first attempt's failure");
        Assert.That(device.Session.LastFailure, Is.InstanceOf<DeviceConnectionException>());

        connector.Up = true;
        await time.RunUntilAsync(() => device.Session.State == ConnectionState.Connected, TimeSpan.FromMinutes(2), TimerKinds.AnythingButDeviceWaits, "the connect once the device is up");
        Assert.That(device.Model, Is.EqualTo("ANI4OUT-XLR"));
        Assert.That(device.Session.LastFailure, Is.Null);
        Assert.That(await device.Output(1).SetMuteAsync(true), Is.True);
        Assert.That(connector.Attempts, Is.GreaterThan(1), "it kept trying");
    }

    [Test]
    public async Task Open_OnAnotherModel_StopsTrying_WithTheMismatch()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { ReportedModel = "P300" });
        await using var device = Ani4OutDevice.Open("rack-2", new DeviceSessionOptions { Connector = new InMemoryDeviceConnector(sim), KeepAliveInterval = TimeSpan.Zero });
        await Wait.UntilAsync(() => device.Session.State == ConnectionState.Disconnected && device.Session.LastFailure is not null, "the attempts to stop");
        Assert.That(device.Session.LastFailure, Is.InstanceOf<DeviceModelMismatchException>());
    }

    [Test]
    public async Task Open_ThenDispose_WhileConnecting_EndsCleanly()
    {
        var connector = new SwitchableConnector(null);
        var device = Ani4OutDevice.Open("rack-3", new DeviceSessionOptions { Connector = connector, TimeProvider = new FakeTimeProvider(), KeepAliveInterval = TimeSpan.Zero });
        await Wait.UntilAsync(() => connector.Attempts >= 1, "a first attempt");
        await device.DisposeAsync();
        Assert.That(device.Session.State, Is.EqualTo(ConnectionState.Closed));
    }

    [Test]
    public async Task Start_Twice_Throws()
    {
        await using var session = new DeviceSession("rack-4", new DeviceSessionOptions { Connector = new SwitchableConnector(null), TimeProvider = new FakeTimeProvider() });
        session.Start();
        Assert.Throws<InvalidOperationException>(session.Start);
        Assert.ThrowsAsync<InvalidOperationException>(() => session.StartAsync());
    }
}
