using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Internal;

/// <summary>
/// One asynchronous lock per key (per parameter: commands for the same parameter go out one at a time, so their
/// replies cannot be confused). Each entry counts its holders and waiters; idle entries are pruned once more than
/// <see cref="Capacity"/> are kept, so a session meets any number of keys in bounded memory, while the common case
/// (the same few keys again and again) allocates nothing per command.
/// </summary>
internal sealed class KeyLocks<TKey>
    where TKey : notnull
{
    /// <summary>The most idle entries kept for reuse.</summary>
    public const int Capacity = 512;

    private readonly Dictionary<TKey, Entry> _entries = new();

    /// <summary>The entries held now (in use or idle).</summary>
    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Waits for <paramref name="key"/>'s turn; dispose the result to give it up.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting (nothing is held).</exception>
    public async ValueTask<Holder> AcquireAsync(TKey key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                Prune();
                entry = new Entry();
                _entries.Add(key, entry);
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_entries)
            {
                entry.Users--;
            }

            throw;
        }

        return new Holder(this, entry);
    }

    // Under the lock: when full, drop every entry nobody holds or waits for (the counts say so exactly).
    private void Prune()
    {
        if (_entries.Count < Capacity)
        {
            return;
        }

        var idle = new List<TKey>();
        foreach (var pair in _entries)
        {
            if (pair.Value.Users == 0)
            {
                idle.Add(pair.Key);
            }
        }

        foreach (var key in idle)
        {
            _entries[key].Gate.Dispose();
            _entries.Remove(key);
        }
    }

    private void Release(Entry entry)
    {
        lock (_entries)
        {
            entry.Users--;
            entry.Gate.Release();
        }
    }

    /// <summary>A held turn; disposing it lets the next waiter for the key go.</summary>
    public readonly struct Holder : IDisposable
    {
        private readonly KeyLocks<TKey> _owner;
        private readonly Entry _entry;

        internal Holder(KeyLocks<TKey> owner, Entry entry)
        {
            _owner = owner;
            _entry = entry;
        }

        public void Dispose() => _owner?.Release(_entry);
    }

    /// <summary>A key's gate and how many hold it or wait for it (changed only under the owner's lock).</summary>
    internal sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
