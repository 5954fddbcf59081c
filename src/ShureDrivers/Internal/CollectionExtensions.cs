using System.Collections.Generic;

namespace ShureDrivers.Internal;

internal static class CollectionExtensions
{
    public static Dictionary<TKey, TValue> ToDictionarySafe<TKey, TValue>(this IReadOnlyDictionary<TKey, TValue> source)
        where TKey : notnull
    {
        var copy = new Dictionary<TKey, TValue>(source.Count);
        foreach (var pair in source)
        {
            copy[pair.Key] = pair.Value;
        }

        return copy;
    }
}
