// RoomSetup: applies room.json to a simulated mixed room, four ANI4OUTs and an ANI4IN (found by mDNS name and by MAC
// on loopback), first as a dry run, then for real, then again to show that a second run changes nothing.
using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using ShureDrivers;
using ShureDrivers.Discovery;
using ShureDrivers.Rooms;
using ShureDrivers.Simulator;

Console.WriteLine("Starting four simulated ANI4OUTs and an ANI4IN on loopback (mDNS on loopback too)...");
await using var fleet = Ani4OutFleet.Start(new FleetOptions
{
    DeviceCount = 5,
    Families = [SimulatedFamily.Ani4Out, SimulatedFamily.Ani4Out, SimulatedFamily.Ani4Out, SimulatedFamily.Ani4Out, SimulatedFamily.Ani4In],
    UsePorts = true,
    Mdns = new MdnsResponderOptions { InterfaceAddress = IPAddress.Loopback },
});
fleet.Devices[0].Simulator.SavePreset(1, "Meeting"); // as if saved in the web app
await fleet.Mdns!.WhenReady;

var room = RoomConfiguration.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "room.json")));
var options = new RoomApplyOptions { Discovery = new DiscoveryOptions { LoopbackOnly = true } };

foreach (var (title, dryRun) in new[] { ("Dry run (nothing is sent)", true), ("Apply", false), ("Apply again", false) })
{
    options.DryRun = dryRun;
    var report = await RoomApplier.ApplyAsync(room, options);
    Console.WriteLine();
    Console.WriteLine($"{title}:");
    foreach (var device in report.Devices)
    {
        Console.WriteLine($"  {device.Name} ({device.ResolvedHost ?? "not found"}): {device.Status.ToString().ToLowerInvariant()}{(device.Error is null ? string.Empty : " - " + device.Error)}");
        foreach (var s in device.Settings)
        {
            var result = s.Result == RoomSettingResult.WouldChange ? "would change" : s.Result.ToString().ToLowerInvariant();
            Console.WriteLine($"    {s.Path,-22} {s.From ?? "?",6} -> {s.To,-6} {result}{(s.Error is null ? string.Empty : ": " + s.Error)}");
        }
    }

    if (report.AnyUnreachable || report.AnyFailed)
    {
        return 1;
    }

    if (title == "Apply again")
    {
        Console.WriteLine(report.AllUnchanged ? "  Everything already matched: nothing was sent." : "  Something changed on the second run!");
        return report.AllUnchanged ? 0 : 1;
    }
}

return 0;
