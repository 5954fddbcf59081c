using System;
using System.Linq;
using NUnit.Framework;

namespace ShureDrivers.Tests.Discovery;

/// <summary>The one locator model: what each kind accepts, how it is named, and its messages.</summary>
public class DeviceLocatorTests
{
    [TestCase(DeviceLocatorKind.Host, "192.168.1.50")]
    [TestCase(DeviceLocatorKind.Host, "ani4out.example:2202")]
    [TestCase(DeviceLocatorKind.Host, "[fe80::1%2]:2202")]
    [TestCase(DeviceLocatorKind.Mdns, "ANI4OUT-aabbcc")]
    [TestCase(DeviceLocatorKind.Mdns, "ANI4OUT-aabbcc.local")]
    [TestCase(DeviceLocatorKind.Mac, "00:0e:dd:aa:bb:cc")]
    [TestCase(DeviceLocatorKind.Dante, "169.254.10.20")]
    [TestCase(DeviceLocatorKind.Dante, "Stage-Left-ANI")]
    [TestCase(DeviceLocatorKind.Dante, "ANI4OUT-aabbcc-d.local")]
    public void Accepts(DeviceLocatorKind kind, string value)
    {
        Assert.That(DeviceLocator.Problem(kind, value), Is.Null);
        Assert.That(DeviceLocator.Create(kind, value).Kind, Is.EqualTo(kind));
    }

    [TestCase(DeviceLocatorKind.Host, "<evil>", "is not a host")]
    [TestCase(DeviceLocatorKind.Host, "", "is not a host")]
    [TestCase(DeviceLocatorKind.Mdns, "bad name!", "is not an mDNS name")]
    [TestCase(DeviceLocatorKind.Mac, "00-0E-DD", "is not a MAC address")]
    [TestCase(DeviceLocatorKind.Dante, "fe80::1", "is neither an IPv4 address nor a Dante device name")]
    [TestCase(DeviceLocatorKind.Dante, "not a name!", "is neither an IPv4 address nor a Dante device name")]
    public void Refuses_WithOneSentenceThatQuotesTheValue(DeviceLocatorKind kind, string value, string problem)
    {
        var message = DeviceLocator.Problem(kind, value);

        Assert.That(message, Does.StartWith("'").And.Contain(problem).And.EndWith("."));
        var ex = Assert.Throws<ArgumentException>(() => DeviceLocator.Create(kind, value));
        Assert.That(ex!.Message, Does.StartWith(message));
    }

    [Test]
    public void AValueWithControlCharacters_IsQuotedPrintably()
    {
        var message = DeviceLocator.Problem(DeviceLocatorKind.Mdns, "x\u001b]0;pwned\u0007");
        Assert.That(message!.Where(char.IsControl), Is.Empty, "escaped as \\uXXXX");
        Assert.That(message, Does.StartWith("'x\\u001B]0;pwned\\u0007'"));
    }

    [TestCase(DeviceLocatorKind.Host, "10.0.0.1:2300", "10.0.0.1:2300", "host 10.0.0.1:2300")]
    [TestCase(DeviceLocatorKind.Mdns, "ANI4OUT-aabbcc", "ANI4OUT-aabbcc.local", "mdns ANI4OUT-aabbcc")]
    [TestCase(DeviceLocatorKind.Mac, "00:0e:dd:aa:bb:cc", "mac-000eddaabbcc", "mac 00:0E:DD:AA:BB:CC")]
    [TestCase(DeviceLocatorKind.Dante, "Stage-Left-ANI", "Stage-Left-ANI", "dante Stage-Left-ANI")]
    public void SessionHost_AndText(DeviceLocatorKind kind, string value, string sessionHost, string text)
    {
        var locator = DeviceLocator.Create(kind, value);
        Assert.That(locator.SessionHost, Is.EqualTo(sessionHost));
        Assert.That(locator.ToString(), Is.EqualTo(text));
    }
}
