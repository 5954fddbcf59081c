using System;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Simulator;

namespace ShureDrivers.Tests.Devices;

/// <summary>The README's quick start, line for line, against a simulated device on loopback TCP.</summary>
[Category("Loopback")]
[CancelAfter(30_000)]
public class ReadmeQuickStartTests
{
    [Test]
    public async Task QuickStart_RunsAsWritten()
    {
        using var sim = new Ani4OutSimulator(new SimulatorOptions { Signal = SignalModel.Constant(-12) });
        sim.SavePreset(3, "Lecture");
        await using var listener = SimulatorTcpListener.Start(sim);
        var host = "127.0.0.1:" + listener.LocalEndPoint.Port;
        var lines = new System.Collections.Generic.List<string>();
        var changes = new System.Collections.Concurrent.ConcurrentQueue<string>(); // filled on the event thread

        await using var device = await Ani4OutDevice.ConnectAsync(host);
        lines.Add($"{device.Model} {device.DeviceId}, firmware {device.FirmwareVersion}");

        var output = device.Output(2);
        await output.SetGainAsync(Gain.FromDb(-6.5));
        Assert.That(sim.ReceivedFrames, Does.Contain("< SET 2 AUDIO_GAIN_HI_RES 1035 >"));
        await output.StepGainAsync(+1.5);
        await output.SetMuteAsync(true);
        await device.RecallPresetAsync(3);
        output.PropertyChanged += (_, e) => changes.Enqueue($"{e.PropertyName}: {output.Gain} muted={output.IsMuted}");

        using var meters = await device.StartMeteringAsync(milliseconds: 200);
        await foreach (var reading in meters)
        {
            lines.Add(reading.ToString());
            break;
        }

        Assert.That(lines[0], Is.EqualTo("ANI4OUT-XLR ANI4OUT-5399e0, firmware 4.6.14"));
        Assert.That(lines[1], Is.EqualTo("-12 -12 -12 -12 dBFS"));
        Assert.That(device.ActivePreset, Is.EqualTo(3));
    }
}
