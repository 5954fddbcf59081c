using System;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery;
using static ShureDrivers.Tests.Support.InProcessShure;

namespace ShureDrivers.Tests.Cli;

/// <summary>Every usage error exits 2 before any socket opens: the host given is a listener that must see no connection.</summary>
[CancelAfter(30_000)]
public class UsageTests
{
    [TestCase("gain", "9", "-3", ExpectedResult = "Output 9 does not exist")]
    [TestCase("gain", "0", "-3", ExpectedResult = "Output 0 does not exist")]
    [TestCase("gain", "2", "loud", ExpectedResult = "is not a gain")]
    [TestCase("gain", "2", "-3", "--up", "2", ExpectedResult = "exactly one of")]
    [TestCase("gain", "2", "--down", "-2", ExpectedResult = "positive number")]
    [TestCase("mute", "9", "on", ExpectedResult = "outputs are 1-4")]
    [TestCase("level", "5", "line", ExpectedResult = "Output 5 does not exist")]
    [TestCase("preset", "11", ExpectedResult = "Presets are 1 to 10")]
    [TestCase("meter", "--rate", "5", ExpectedResult = "--rate must be 100 to 99999 ms")]
    [TestCase("meter", "--count", "0", ExpectedResult = "--count must be at least 1")]
    [TestCase("status", "--timeout", "-1", ExpectedResult = "--timeout must be between")]
    [TestCase("status", "--port", "70000", ExpectedResult = "--port must be 1 to 65535")]
    [TestCase("status", "--interface", "no-such-nic0", ExpectedResult = "no-such-nic0")]
    [TestCase("raw", "< SET 1 AUDIO_MUTE MAYBE >", ExpectedResult = "MAYBE")]
    [TestCase("status", "-v", "chatty", ExpectedResult = "--verbosity takes")]
    public async Task<string> BadArguments_Exit2_AtOnce_WithoutConnecting(string command, params string[] rest)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var host = "127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();

        var (code, _, error) = await RunAsync([command, host, .. rest]);

        Assert.That(code, Is.EqualTo(2), error);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "checked while parsing");
        Assert.That(listener.Pending(), Is.False, "no connection attempted");
        return FirstMatch(error, TestContext.CurrentContext.Test.ExpectedResult as string);
    }

    // One rule for --timeout in every command (status took 900 s while discover refused it).
    [TestCase("status", "127.0.0.1")]
    [TestCase("probe", "127.0.0.1")]
    [TestCase("discover")]
    [TestCase("bridge", "169.254.1.1")]
    [TestCase("apply", "room.json")]
    public void Timeout_IsOneRuleInEveryCommand(params string[] command)
    {
        var root = ShureDrivers.Cli.ShureCli.Build(new ShureDrivers.Cli.CliConsole(System.IO.TextWriter.Null, System.IO.TextWriter.Null, System.IO.TextReader.Null));
        Assert.Multiple(() =>
        {
            foreach (var (value, valid) in new[] { ("0", false), ("-1", false), ("NaN", false), ("3601", false), ("0.5", true), ("900", true), ("3600", true) })
            {
                var errors = root.Parse([.. command, "--timeout", value]).Errors;
                Assert.That(errors.Count == 0, Is.EqualTo(valid), $"{command[0]} --timeout {value}");
                if (!valid)
                {
                    Assert.That(errors, Has.Some.Property("Message").EqualTo("--timeout must be between 0 and 3600 seconds."));
                }
            }
        });
    }

    [Test]
    public void DiscoveryInterface_ByIPv4Address_IsFound_NotACrash()
    {
        var options = new DiscoveryOptions();
        options.Interfaces.Add("127.0.0.1");
        Assert.That(ShureDeviceDiscovery.GetInterfaces(options), Has.Some.Matches<(string Name, IPAddress Address)>(i => i.Address.Equals(IPAddress.Loopback)));
    }

    // The expected fragment when the error contains it, else the whole error (so the failure shows it).
    private static string FirstMatch(string error, string? expected) =>
        expected is not null && error.Contains(expected, StringComparison.Ordinal) ? expected : error;
}
