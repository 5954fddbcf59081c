using System.Net;
using ShureDrivers;
using ShureDrivers.Hosting;
using ShureDrivers.Simulator;

namespace RoomService;

/// <summary>
/// Two simulated devices on loopback with free ports (Boardroom, an ANI4OUT; Lectern, an ANI4IN), started only when
/// the configuration names no device, and stopped with the service.
/// </summary>
public sealed class SimulatedRoom(ILogger<SimulatedRoom> logger) : IAsyncDisposable
{
    private Ani4OutFleet? _fleet;

    /// <summary>The simulated devices, or null when real ones are configured.</summary>
    public Ani4OutFleet? Fleet => _fleet;

    /// <summary>Adds the simulated devices to <paramref name="options"/> when it names none.</summary>
    public void FillIfEmpty(ShureDriversOptions options)
    {
        if (options.Devices.Count > 0)
        {
            return;
        }

        _fleet = Ani4OutFleet.Start(new FleetOptions
        {
            DeviceCount = 2,
            Families = [SimulatedFamily.Ani4Out, SimulatedFamily.Ani4In],
            UsePorts = true,
            BindAddress = IPAddress.Loopback,
        });
        var boardroom = _fleet.Devices[0];
        boardroom.Simulator.SetGain(1, Gain.FromDb(-6));
        boardroom.Simulator.SavePreset(1, "Speech");
        boardroom.Simulator.SetGain(1, Gain.Unity);
        options.Devices["Boardroom"] = new ShureDeviceOptions { Host = boardroom.ControlEndPoint.Address.ToString(), Port = boardroom.ControlEndPoint.Port };
        var lectern = _fleet.Devices[1];
        options.Devices["Lectern"] = new ShureDeviceOptions { Host = lectern.ControlEndPoint.Address.ToString(), Port = lectern.ControlEndPoint.Port, Model = "ANI4IN" };
        logger.LogInformation("No device configured: simulating Boardroom ({Boardroom}) and Lectern ({Lectern}) on loopback", boardroom.ControlEndPoint, lectern.ControlEndPoint);
    }

    public async ValueTask DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
    }
}
