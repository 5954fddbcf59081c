using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Runtime.CompilerServices;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// The values a resync reads for a model, in request order, each with an index, then the model's level values: built
/// once per command table and shared by every device of that model, whose per-device state is then slots and bits by
/// index (a fleet held 2 KB of identical keys per device, and each resync built a set of them again). Never written
/// after it is built, so any number of threads may read it.
/// </summary>
internal sealed class TrackedKeys
{
    private static readonly ConditionalWeakTable<CommandTable, TrackedKeys> ByTable = new();
    private readonly Dictionary<ParameterKey, int> _indexes;

    private TrackedKeys(ParameterKey[] tracked, ParameterKey[] alsoKept)
    {
        InOrder = new ReadOnlyCollection<ParameterKey>(tracked);
        SlotCount = tracked.Length + alsoKept.Length;
        _indexes = new Dictionary<ParameterKey, int>(SlotCount);
        for (var i = 0; i < tracked.Length; i++)
        {
            _indexes[tracked[i]] = i;
        }

        for (var i = 0; i < alsoKept.Length; i++)
        {
            _indexes[alsoKept[i]] = tracked.Length + i;
        }
    }

    /// <summary>The keys in the order a resync asks for them.</summary>
    public IReadOnlyList<ParameterKey> InOrder { get; }

    /// <summary>How many keys a resync reads: indexes 0 to Count - 1.</summary>
    public int Count => InOrder.Count;

    /// <summary>
    /// Tracked keys and then the model's other GET values (levels, which change with the audio and so are not state
    /// a resync waits for, but a device reports them in its dump and they are kept): indexes 0 to SlotCount - 1.
    /// </summary>
    public int SlotCount { get; }

    /// <summary>The dump, and level reads that change with the audio, are not state.</summary>
    public static TrackedKeys Of(CommandTable table) =>
        ByTable.GetValue(table, t => new TrackedKeys(GetKeys.Of(t, p => !IsLevel(p)).ToArray(), GetKeys.Of(t, IsLevel).ToArray()));

    /// <summary>The key's slot: below <see cref="Count"/> for a tracked key, up to <see cref="SlotCount"/> for a level; -1 for anything else.</summary>
    public int IndexOf(ParameterKey key) => _indexes.TryGetValue(key, out var index) ? index : -1;

    /// <summary>Whether a resync waits for the key.</summary>
    public bool IsTracked(int index) => index >= 0 && index < Count;

    private static bool IsLevel(ParameterDefinition p) => p.Name is ShureParameters.AudioInputPeakLevel or ShureParameters.AudioInputRmsLevel;
}
