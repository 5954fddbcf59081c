using System;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>What a <see cref="DeviceConnection"/> tells its session, on the read loop (keep each call short).</summary>
internal interface IConnectionEvents
{
    /// <summary>Any complete frame arrived (liveness, trace logging).</summary>
    void OnFrame(ReadOnlySpan<byte> frame);

    /// <summary>A frame that does not parse, or of a kind the client never receives.</summary>
    void OnUnparsed(ReadOnlySpan<byte> frame);

    /// <summary>A REP or REP ERR (<see cref="CommandString.Error"/>), before it completes a waiting command.</summary>
    void OnReport(CommandString report);

    /// <summary>A REP the model's table refuses (unknown name, channel, or value): it is dropped, never cached.</summary>
    void OnInvalidReport(CommandString report, string error);

    /// <summary>A report read despite a spelling the documents do not show (<paramref name="deviation"/> says which).</summary>
    void OnSpellingDeviation(CommandString report, string deviation);

    /// <summary>A SAMPLE line's levels (valid only during the call).</summary>
    void OnSample(ReadOnlySpan<int> levels);

    /// <summary>The connection broke, at once and on the breaking thread, before waiting commands fail.</summary>
    /// <param name="connection">The connection that broke (an older link may break after a newer one took over).</param>
    void OnBroken(DeviceConnection connection);
}
