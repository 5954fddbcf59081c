using System;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>A value of the device changed (reported by the device, whoever caused it).</summary>
public sealed class DeviceChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public DeviceChangedEventArgs(string parameter, int? channel, int? index, CommandValue? oldValue, CommandValue newValue)
    {
        Parameter = parameter;
        Channel = channel;
        Index = index;
        OldValue = oldValue;
        NewValue = newValue;
    }

    /// <summary>The command-string parameter, e.g. <c>AUDIO_GAIN_HI_RES</c>.</summary>
    public string Parameter { get; }

    /// <summary>The output (1..4), or null for device-level values.</summary>
    public int? Channel { get; }

    /// <summary>The PEQ filter, or null.</summary>
    public int? Index { get; }

    /// <summary>The value before, or null when it was not known.</summary>
    public CommandValue? OldValue { get; }

    /// <summary>The value now.</summary>
    public CommandValue NewValue { get; }
}
