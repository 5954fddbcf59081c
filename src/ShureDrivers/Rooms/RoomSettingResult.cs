namespace ShureDrivers.Rooms;

/// <summary>What happened to one setting.</summary>
public enum RoomSettingResult
{
    /// <summary>Already as desired; nothing sent.</summary>
    Unchanged,

    /// <summary>Set, and the device reports the new value.</summary>
    Changed,

    /// <summary>Dry run: it differs and would be set.</summary>
    WouldChange,

    /// <summary>Could not be set, or the device reports another value afterwards.</summary>
    Failed,
}
