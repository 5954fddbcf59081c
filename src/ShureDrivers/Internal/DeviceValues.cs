using System.Collections.Generic;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// A device's last known values and which of them the device confirmed on the current link. The model's values live
/// in slots by their model-wide index (an array and two bit sets per device, where two dictionaries and a hash set took
/// 6.5 KB of each fleet device's heap); anything else a device reports goes to a dictionary made when first needed.
/// Not thread-safe: the device holds its gate around every call.
/// </summary>
internal sealed class DeviceValues
{
    private readonly TrackedKeys _keys;
    private readonly CommandValue[] _slots;
    private readonly KeyFlags _known;
    private readonly KeyFlags _confirmed;
    private Dictionary<ParameterKey, CommandValue>? _others;

    public DeviceValues(TrackedKeys keys)
    {
        _keys = keys;
        _slots = new CommandValue[keys.SlotCount];
        _known = new KeyFlags(keys.SlotCount);
        _confirmed = new KeyFlags(keys.Count);
    }

    public bool TryGetValue(ParameterKey key, out CommandValue value)
    {
        var index = _keys.IndexOf(key);
        if (index >= 0 && _known[index])
        {
            value = _slots[index];
            return true;
        }

        value = default;
        return index < 0 && _others is not null && _others.TryGetValue(key, out value);
    }

    public bool Contains(ParameterKey key) => TryGetValue(key, out _);

    /// <summary>Stores a value the device reported; a tracked one also counts as confirmed on this link.</summary>
    public void Report(ParameterKey key, CommandValue value)
    {
        var index = _keys.IndexOf(key);
        if (index < 0)
        {
            (_others ??= [])[key] = value;
            return;
        }

        _slots[index] = value;
        _known.Set(index);
        if (_keys.IsTracked(index))
        {
            _confirmed.Set(index);
        }
    }

    public void Remove(ParameterKey key)
    {
        var index = _keys.IndexOf(key);
        if (index < 0)
        {
            _others?.Remove(key);
            return;
        }

        _slots[index] = default;
        _known.Clear(index);
    }

    /// <summary>Whether the device reported this tracked value on the current link (untracked values are never asked about).</summary>
    public bool IsConfirmed(ParameterKey key) => _keys.IndexOf(key) is var index && _keys.IsTracked(index) && _confirmed[index];

    /// <summary>Forgets what the current link confirmed: the link is gone, or a recall or reset may have changed anything.</summary>
    public void ForgetConfirmations() => _confirmed.ClearAll();
}
