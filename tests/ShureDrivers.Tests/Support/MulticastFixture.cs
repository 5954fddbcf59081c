using NUnit.Framework;

using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// The base of every test class that sends real multicast: the category .ci/run selects inside its private network
/// namespace, one class at a time (they share port 5353 and the namespace's interfaces), and a skip anywhere that is
/// not isolated (<see cref="IsolatedNetwork"/>). Each class keeps its own time limit.
/// </summary>
[Category("Multicast")]
[NonParallelizable] // reason: port 5353 and the namespace's interfaces are shared
public abstract class MulticastFixture
{
    [SetUp]
    public void RequireIsolatedNetwork() => IsolatedNetwork.RequireIsolation();
}
