using System;

namespace ShureDrivers.Tests.Support;

/// <summary>A timer armed on a <see cref="TestClock"/>: how long until it fires, and the method that armed it ("DeviceSession.QueryCoreAsync").</summary>
public readonly record struct ArmedTimer(TimeSpan DueIn, string Owner);
