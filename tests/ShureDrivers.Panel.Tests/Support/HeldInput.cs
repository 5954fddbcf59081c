using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Panel.Tests.Support;

/// <summary>Standard input that stays open until <see cref="Release"/>: how a test keeps <c>shure simulate</c> running.</summary>
public sealed class HeldInput : TextReader
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _closed.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        await _closed.Task.WaitAsync(cancellationToken);
        return 0;
    }

    public override int Read() => throw new NotSupportedException("Read asynchronously.");
}
