using System;
using System.Net;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers;
using ShureDrivers.Simulator;
using ShureDrivers.Simulator.Panel;

namespace TestHarness;

/// <summary>
/// The simulated ANI4OUT of one test, and on request the simulator panel on it, to watch the control logic drive the
/// device (and to turn a knob or pull the cable by hand):
/// <c>SHURE_PANEL=1 SHURE_PANEL_HOLD=20 dotnet test examples/TestHarness</c> prints each test's panel URL and keeps
/// its device on screen for 20 s after the test.
/// </summary>
public sealed class SimulatedRoom : IAsyncDisposable
{
    private readonly Ani4OutFleet _fleet;

    private SimulatedRoom(Ani4OutFleet fleet, SimulatorPanel? panel)
    {
        _fleet = fleet;
        Panel = panel;
    }

    /// <summary>True when the developer asked for the panel (SHURE_PANEL=1).</summary>
    public static bool PanelRequested => Environment.GetEnvironmentVariable("SHURE_PANEL") is "1" or "true";

    /// <summary>The device, as its web app would change it.</summary>
    public Ani4OutSimulator Device => _fleet.Devices[0].Simulator;

    /// <summary>The panel, when asked for.</summary>
    public SimulatorPanel? Panel { get; }

    /// <summary>One device on loopback with free ports (never the fixed 127.10.0.k addresses), and the panel when <paramref name="panel"/>.</summary>
    public static async Task<SimulatedRoom> StartAsync(bool panel)
    {
        var fleet = Ani4OutFleet.Start(new FleetOptions
        {
            UsePorts = true,
            BindAddress = IPAddress.Loopback,
            Configure = (_, options) => options.BootTime = TimeSpan.FromMilliseconds(100),
        });
        try
        {
            var open = panel ? await fleet.StartPanelAsync() : null;
            if (open is not null)
            {
                TestContext.Progress.WriteLine($"{TestContext.CurrentContext.Test.Name}: simulator panel at {open.Url}");
            }

            return new SimulatedRoom(fleet, open);
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>The simulator's in-memory connector, and short reconnect delays so a reboot test runs in well under a second.</summary>
    public DeviceSessionOptions ConnectOptions() => new()
    {
        Connector = Device.CreateConnector(),
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
    };

    public async ValueTask DisposeAsync()
    {
        if (Panel is not null)
        {
            if (int.TryParse(Environment.GetEnvironmentVariable("SHURE_PANEL_HOLD"), out var seconds) && seconds is > 0 and <= 600)
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds));
            }

            await Panel.DisposeAsync();
        }

        await _fleet.DisposeAsync();
    }
}
