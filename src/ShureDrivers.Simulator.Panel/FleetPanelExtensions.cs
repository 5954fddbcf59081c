using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Simulator.Panel;

/// <summary>Opens a <see cref="SimulatorPanel"/> on a running fleet.</summary>
public static class FleetPanelExtensions
{
    /// <summary>Starts a panel that shows every device of <paramref name="fleet"/>; dispose it to stop it (the fleet keeps running).</summary>
    /// <inheritdoc cref="SimulatorPanel.StartAsync" path="/exception"/>
    public static Task<SimulatorPanel> StartPanelAsync(this Ani4OutFleet fleet, SimulatorPanelOptions? options = null, CancellationToken cancellationToken = default) =>
        SimulatorPanel.StartAsync((fleet ?? throw new System.ArgumentNullException(nameof(fleet))).Devices, options, cancellationToken);
}
