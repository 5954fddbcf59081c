using System.Collections.Generic;

namespace ShureDrivers.Rooms;

/// <summary>The outcome for one device of a room.</summary>
public sealed class RoomDeviceReport
{
    /// <summary>Creates a report.</summary>
    public RoomDeviceReport(string name, string? resolvedHost, RoomDeviceStatus status, IReadOnlyList<RoomSettingReport> settings, string? error = null)
    {
        Name = name;
        ResolvedHost = resolvedHost;
        Status = status;
        Settings = settings;
        Error = error;
    }

    /// <summary>The device's name in the room file.</summary>
    public string Name { get; }

    /// <summary>The <c>host:port</c> it was reached at, when resolved.</summary>
    public string? ResolvedHost { get; }

    /// <summary>The outcome.</summary>
    public RoomDeviceStatus Status { get; }

    /// <summary>Each setting, in file order (preset first).</summary>
    public IReadOnlyList<RoomSettingReport> Settings { get; }

    /// <summary>Why the device was unreachable, when it was.</summary>
    public string? Error { get; }
}
