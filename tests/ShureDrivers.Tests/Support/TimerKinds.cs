using System;
using System.Collections.Generic;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// Which timers a test lets a <see cref="TestClock"/> fire. Most timers are safe to fire whenever they are next due (a
/// reconnect delay, a keep-alive tick, a simulated reply delay, an mDNS query interval). A wait for the device is not:
/// fired while the answer is on its way, it calls an answering device silent. <see cref="DeviceWaits"/> says when one may.
/// </summary>
public static class TimerKinds
{
    /// <summary>The dump's quiet time: the client is itself waiting on the device while it is armed.</summary>
    public const string DumpQuietTime = "DeviceSynchronizer.WaitForDumpAsync";

    /// <summary>The liveness monitor's tick (keep-alives and the dead-link check).</summary>
    public const string LivenessTick = "LivenessMonitor.RunAsync";

    // Command and connect timeouts, the resync's bound and the dump's quiet time.
    private static readonly HashSet<string> DeviceWaitOwners = new(StringComparer.Ordinal)
    {
        "DeviceSession.QueryCoreAsync",
        "DeviceSession.SendAsync",
        "DeviceSession.ConnectOnceAsync",
        "ModelProbe.ConnectAsync",
        "ModelProbe.ReadModelAsync",
        "ShureDevice.SynchronizeOneAtATimeAsync",
        DumpQuietTime,
    };

    /// <summary>A timeout or bound on waiting for the device.</summary>
    public static bool IsDeviceWait(ArmedTimer timer) => DeviceWaitOwners.Contains(timer.Owner);

    /// <summary>Everything but waits for the device: for tests whose device answers every request.</summary>
    public static bool AnythingButDeviceWaits(ArmedTimer timer) => !IsDeviceWait(timer);
}
