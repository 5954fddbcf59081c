namespace ShureDrivers.Discovery;

/// <summary>What happened to a device while browsing.</summary>
public enum DeviceEventKind
{
    /// <summary>First seen.</summary>
    Appeared,

    /// <summary>Its addresses, port, model or TXT changed.</summary>
    Updated,

    /// <summary>It said goodbye, or its records expired.</summary>
    Gone,
}
