using System;

namespace ShureDrivers.Internal;

/// <summary>
/// One bit per tracked key of a model (by its index in <see cref="TrackedKeys"/>): a few words per device where a
/// hash set of keys took 2 KB. Not thread-safe; its owner locks.
/// </summary>
internal sealed class KeyFlags
{
    private readonly ulong[] _words;

    public KeyFlags(int count) => _words = new ulong[(count + 63) / 64];

    /// <summary>How many flags are set.</summary>
    public int Count { get; private set; }

    public bool this[int index] => (_words[index >> 6] & (1UL << (index & 63))) != 0;

    /// <summary>Sets the flag; false when it was already set.</summary>
    public bool Set(int index)
    {
        ref var word = ref _words[index >> 6];
        var bit = 1UL << (index & 63);
        if ((word & bit) != 0)
        {
            return false;
        }

        word |= bit;
        Count++;
        return true;
    }

    public void Clear(int index)
    {
        ref var word = ref _words[index >> 6];
        var bit = 1UL << (index & 63);
        if ((word & bit) != 0)
        {
            word &= ~bit;
            Count--;
        }
    }

    public void ClearAll()
    {
        Array.Clear(_words, 0, _words.Length);
        Count = 0;
    }
}
