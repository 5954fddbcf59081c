using System;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// The edge from a session to the device object that owns it (the typed state cache), given to the session's
/// constructor. The first three run on the read loop or the breaking thread: keep them short and never block.
/// </summary>
internal interface ISessionHandler
{
    /// <summary>Every REP and REP ERR, before it completes the command waiting for it.</summary>
    void OnReport(CommandString report);

    /// <summary>Every SAMPLE line's levels (valid only during the call).</summary>
    void OnSample(ReadOnlySpan<int> levels);

    /// <summary>The link dropped: cached values are no longer known to be fresh.</summary>
    void OnLinkLost();

    /// <summary>Runs after every (re)connect, before the session reports <see cref="ConnectionState.Connected"/>.</summary>
    Task SynchronizeAsync(CancellationToken cancellationToken);
}
