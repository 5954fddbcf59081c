namespace ShureDrivers.Protocol;

/// <summary>Whether a parameter belongs to the device or to one channel.</summary>
public enum ParameterScope
{
    /// <summary>Device-level: no channel field (<c>&lt; GET MODEL &gt;</c>).</summary>
    Device,

    /// <summary>Channel-level: a channel field before the name (<c>&lt; GET 1 AUDIO_MUTE &gt;</c>).</summary>
    Channel,
}
