using System.Collections.Generic;

namespace ControlProgram;

/// <summary>The "Shure" section of appsettings.json.</summary>
public sealed class ShureOptions
{
    /// <summary>Devices to keep connected. An empty Host starts a simulated device in-process instead.</summary>
    public List<DeviceEntry> Devices { get; set; } = [];

    /// <summary>With a simulated device: reboot it after this many seconds, to show the program riding through it (0: never).</summary>
    public int SimulatedRebootAfterSeconds { get; set; } = 3;

    /// <summary>Stop after this many seconds (0: run until Ctrl+C).</summary>
    public int RunForSeconds { get; set; }
}
