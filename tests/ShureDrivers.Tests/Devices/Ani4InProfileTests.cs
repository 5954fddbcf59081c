using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Devices;

/// <summary>The ANI4IN against every firmware profile: a connect reads every input as the simulator holds it.</summary>
[CancelAfter(30_000)]
[TestFixtureSource(typeof(TestProfiles), nameof(TestProfiles.All))]
public class Ani4InProfileTests(string profileName)
{
    private readonly SimulatorProfile _profile = SimulatorProfile.FromName(profileName);

    // Profiles whose connect takes clock time (reply delays, ignored GETs' timeouts), as in Ani4OutDeviceTests.
    private bool IsPumped => _profile == SimulatorProfile.Slow || _profile == SimulatorProfile.Silent || _profile == SimulatorProfile.Strict;

    [Test]
    public async Task Connect_ReadsEveryInput_AsTheSimulatorHoldsIt()
    {
        var time = new FakeTimeProvider();
        using var sim = new Ani4OutSimulator(new SimulatorOptions { Family = SimulatedFamily.Ani4In, Model = Ani4OutModel.Block, Profile = _profile, TimeProvider = time });
        sim.SetValue(Ani4InParameters.AudioGain, CommandValue.FromNumber(33), 3);
        sim.SetValue(Ani4InParameters.PhantomPowerEnable, CommandValue.FromSwitch(true), 4);
        sim.SetGain(2, Gain.FromDb(-12));
        await using var pump = IsPumped ? new ClockPump(time, TimeSpan.FromMilliseconds(40), TimeSpan.FromMinutes(10)) : null;

        await using var device = await Ani4InDevice.ConnectAsync("ani4in.test", new DeviceSessionOptions { Connector = sim.CreateConnector(), TimeProvider = time });

        Assert.Multiple(() =>
        {
            Assert.That(device.Model, Is.EqualTo("ANI4IN-BLOCK"));
            Assert.That(device.Input(3).AnalogGain, Is.EqualTo(33));
            Assert.That(device.Input(4).IsPhantomPowered, Is.True);
            Assert.That(device.Input(2).Gain, Is.EqualTo(Gain.FromDb(-12)));
            Assert.That(device.Input(1).IsGatingLogicOn, Is.False);
            Assert.That(device.Input(1).Name, Is.EqualTo("Input 1"));
            Assert.That(device.GetPresetName(1), Is.EqualTo(sim.Options.EmptyPresetName));
        });
    }
}
