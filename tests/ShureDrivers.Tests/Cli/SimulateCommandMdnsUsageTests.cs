using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Cli;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.PacketBridge;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Cli;

/// <summary>Usage errors of simulate's mDNS options: refused before anything is bound or sent.</summary>
public class SimulateCommandMdnsUsageTests
{
    [Test]
    public async Task MdnsOnALink_WithoutPortsThere_ExitsTwo_NamingTheFix()
    {
        var (code, _, error) = await InProcessShure.RunAsync("simulate", "--mdns", "--mdns-interface", "192.0.2.7");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--ports --bind 192.0.2.7"));
    }

    [Test]
    public async Task UnknownService_ExitsTwo()
    {
        var (code, _, error) = await InProcessShure.RunAsync("simulate", "--mdns", "--mdns-services", "http,airplay");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("airplay"));
    }
}
