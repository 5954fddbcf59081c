// QuickStart: the whole library in one run. With no arguments it starts a simulated ANI4OUT on loopback (mDNS and
// packet bridge included), finds it, asks its packet bridge for the control address, connects, changes gains and
// mutes, recalls a preset, shows a few seconds of meters and prints the final state. Every packet stays on
// loopback. With --host HOST it does the same to a real device (it changes settings: use a test unit).
using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers;
using ShureDrivers.Discovery;
using ShureDrivers.PacketBridge;
using ShureDrivers.Simulator;

var hostIndex = Array.IndexOf(args, "--host");
var host = hostIndex >= 0 && hostIndex + 1 < args.Length ? args[hostIndex + 1] : null;
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));

Ani4OutFleet? fleet = null;
try
{
    if (host is null)
    {
        Console.WriteLine("1. Starting a simulated ANI4OUT on loopback (no hardware needed)...");
        fleet = Ani4OutFleet.Start(new FleetOptions
        {
            DeviceCount = 1,
            UsePorts = true, // free ports on 127.0.0.1, so it never collides with anything else running
            Mdns = new MdnsResponderOptions { InterfaceAddress = IPAddress.Loopback },
        });
        var sim = fleet.Devices[0].Simulator;
        foreach (var ch in Enumerable.Range(1, 4))
        {
            sim.SetGain(ch, Gain.FromDb(-20));
        }

        sim.SavePreset(1, "Presentation"); // as if saved in the web app
        foreach (var ch in Enumerable.Range(1, 4))
        {
            sim.SetGain(ch, Gain.Unity);
        }

        await fleet.Mdns!.WhenReady.WaitAsync(stop.Token);
        Console.WriteLine($"   {fleet.Devices[0]}");

        Console.WriteLine("2. Discovering Shure devices with mDNS on loopback...");
        var found = await ShureDeviceDiscovery.DiscoverAsync(new DiscoveryOptions { LoopbackOnly = true }, stop.Token);
        foreach (var d in found)
        {
            Console.WriteLine($"   found {d.Name}: {d.Model}, MAC {d.MacAddress}, {string.Join(", ", d.Addresses)}:{d.Port}");
        }

        var device = found.Count > 0 ? found[0] : throw new InvalidOperationException("Discovery found nothing.");

        Console.WriteLine("3. Asking the packet bridge (UDP 2203 on the Dante address) for the control address...");
        var bridge = await new PacketBridgeClient().QueryAsync(fleet.Devices[0].DanteEndPoint, stop.Token);
        Console.WriteLine($"   control {bridge.ControlAddress}, mask {bridge.SubnetMask}, MAC {bridge.MacAddressText}");
        host = $"{bridge.ControlAddress}:{device.Port}";
    }

    Console.WriteLine($"4. Connecting to {host}...");
    await using var ani = await Ani4OutDevice.ConnectAsync(host, cancellationToken: stop.Token);
    Console.WriteLine($"   {ani.Model} \"{ani.DeviceId}\", serial {ani.SerialNumber}, firmware {ani.FirmwareVersion}");

    Console.WriteLine("5. Setting gains and mutes...");
    await ani.Output(1).SetGainAsync(Gain.FromDb(-6.5), stop.Token);
    await ani.Output(2).StepGainAsync(-3, stop.Token);
    await ani.Output(3).SetMuteAsync(true, stop.Token);
    await ani.Output(4).SetLevelAsync(OutputLevel.Aux, stop.Token);
    foreach (var o in ani.Outputs)
    {
        Console.WriteLine($"   {o}");
    }

    Console.WriteLine("6. Recalling preset 1...");
    try
    {
        await ani.RecallPresetAsync(1, stop.Token);
        Console.WriteLine($"   active preset {ani.ActivePreset:00} \"{ani.GetPresetName(1)}\"; output 1 is now {ani.Output(1).Gain}");
    }
    catch (DeviceCommandRejectedException)
    {
        Console.WriteLine("   the device has no preset 1 (REP ERR); carrying on");
    }

    Console.WriteLine("7. Meters for two seconds (dBFS per output)...");
    using (var meters = await ani.StartMeteringAsync(milliseconds: 250, cancellationToken: stop.Token))
    using (var twoSeconds = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
    {
        twoSeconds.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var reading in meters.WithCancellation(twoSeconds.Token))
            {
                Console.WriteLine($"   {reading.Timestamp:HH:mm:ss.fff}  {reading}");
            }
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // Two seconds are up.
        }
    }

    Console.WriteLine("8. Final state:");
    Console.WriteLine($"   {ani.Model} preset {ani.ActivePreset:00}, LED brightness {ani.LedBrightness}, meter rate {ani.MeterRate} ms");
    foreach (var o in ani.Outputs)
    {
        Console.WriteLine($"   output {o.Channel} \"{o.Name}\": {o.Gain}, {(o.IsMuted == true ? "muted" : "unmuted")}, {o.Level?.ToString().ToLowerInvariant()} level");
    }

    Console.WriteLine("Done.");
    return 0;
}
catch (ShureDeviceException ex)
{
    Console.Error.WriteLine($"Device error: {ex.Message}");
    return 3;
}
finally
{
    if (fleet is not null)
    {
        await fleet.DisposeAsync();
    }
}
