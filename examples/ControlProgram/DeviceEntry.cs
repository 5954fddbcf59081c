namespace ControlProgram;

/// <summary>One device.</summary>
public sealed class DeviceEntry
{
    /// <summary>A name for the logs.</summary>
    public string Name { get; set; } = "ANI4OUT";

    /// <summary>Address, name or host:port; empty for a simulated device.</summary>
    public string Host { get; set; } = string.Empty;
}
