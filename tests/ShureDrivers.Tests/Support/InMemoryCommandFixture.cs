using System.IO;
using NUnit.Framework;
using ShureDrivers.Cli.Commands;
using ShureDrivers.Simulator;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// The base of the tests that call command handlers in memory: a simulator made by <see cref="CreateSimulator"/>, what
/// the handler prints (<see cref="Out"/>, <see cref="Error"/>), and <see cref="Call"/>, its typed values.
/// </summary>
public abstract class InMemoryCommandFixture
{
    private protected Ani4OutSimulator Sim { get; private set; } = null!;

    private protected StringWriter Out { get; private set; } = null!;

    private protected StringWriter Error { get; private set; } = null!;

    [SetUp]
    public void CreateSimulatorAndConsole()
    {
        Sim = CreateSimulator();
        Out = new StringWriter();
        Error = new StringWriter();
    }

    [TearDown]
    public void DisposeSimulatorAndConsole()
    {
        Sim.Dispose();
        Out.Dispose();
        Error.Dispose();
    }

    private protected abstract Ani4OutSimulator CreateSimulator();

    private protected DeviceCall Call(bool json = false, string target = "sim.test", Ani4OutSimulator? sim = null) =>
        InMemoryCall.For(new InMemoryDeviceConnector(sim ?? Sim), Out, Error, json, target);
}
