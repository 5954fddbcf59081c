using System;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Internal;

namespace ShureDrivers.Tests.Session;

/// <summary>The per-parameter locks: one holder per key, waiters in turn, and bounded however many keys a session meets.</summary>
public class KeyLocksTests
{
    [Test]
    public async Task TheSameKey_WaitsForTheHolder_AnotherKeyDoesNot()
    {
        var locks = new KeyLocks<string>();
        var first = await locks.AcquireAsync("1 AUDIO_MUTE", CancellationToken.None);
        var second = locks.AcquireAsync("1 AUDIO_MUTE", CancellationToken.None).AsTask();
        var other = locks.AcquireAsync("2 AUDIO_MUTE", CancellationToken.None).AsTask();

        Assert.That(other.IsCompletedSuccessfully, Is.True, "another parameter goes at once");
        Assert.That(second.IsCompleted, Is.False, "the same parameter waits");
        first.Dispose();
        (await second).Dispose();
        (await other).Dispose();
    }

    [Test]
    public async Task AWaiterThatGivesUp_HoldsNothing_AndTheKeyIsFreeAfterwards()
    {
        var locks = new KeyLocks<string>();
        var held = await locks.AcquireAsync("PRESET", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiting = locks.AcquireAsync("PRESET", cts.Token).AsTask();
        cts.Cancel();
        Assert.CatchAsync<OperationCanceledException>(() => waiting);

        held.Dispose();
        var again = locks.AcquireAsync("PRESET", CancellationToken.None).AsTask();
        Assert.That(again.IsCompletedSuccessfully, Is.True, "nothing was left holding the key");
        (await again).Dispose();
    }

    [Test]
    public async Task ManyKeys_ArePruned_ButNeverOneInUse()
    {
        var locks = new KeyLocks<int>();
        var held = await locks.AcquireAsync(-1, CancellationToken.None);
        for (var key = 0; key < 5 * KeyLocks<int>.Capacity; key++)
        {
            (await locks.AcquireAsync(key, CancellationToken.None)).Dispose();
        }

        Assert.That(locks.Count, Is.LessThanOrEqualTo(KeyLocks<int>.Capacity));
        var contender = locks.AcquireAsync(-1, CancellationToken.None).AsTask();
        Assert.That(contender.IsCompleted, Is.False, "the key in use kept its lock through every pruning");
        held.Dispose();
        (await contender).Dispose();
    }
}
