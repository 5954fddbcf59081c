namespace ShureDrivers.Rooms;

/// <summary>The outcome for one device.</summary>
public enum RoomDeviceStatus
{
    /// <summary>Every setting matches (or, in a dry run, was compared).</summary>
    Ok,

    /// <summary>At least one setting failed.</summary>
    Failed,

    /// <summary>The device could not be found or reached.</summary>
    Unreachable,

    /// <summary>The device answered, but is another model (<see cref="DeviceModelMismatchException"/>): nothing was sent to it.</summary>
    WrongModel,
}
