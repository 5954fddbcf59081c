using System.Collections.Generic;
using System.Linq;

namespace ShureDrivers.Rooms;

/// <summary>The outcome of applying (or dry-running) a room.</summary>
public sealed class RoomReport
{
    /// <summary>Creates a report.</summary>
    public RoomReport(IReadOnlyList<RoomDeviceReport> devices) => Devices = devices;

    /// <summary>One report per device, in file order.</summary>
    public IReadOnlyList<RoomDeviceReport> Devices { get; }

    /// <summary>True when some device could not be reached.</summary>
    public bool AnyUnreachable => Devices.Any(d => d.Status == RoomDeviceStatus.Unreachable);

    /// <summary>True when some setting failed.</summary>
    public bool AnyFailed => Devices.Any(d => d.Status == RoomDeviceStatus.Failed);

    /// <summary>True when nothing was changed or would change.</summary>
    public bool AllUnchanged => Devices.All(d => d.Status == RoomDeviceStatus.Ok && d.Settings.All(s => s.Result == RoomSettingResult.Unchanged));
}
