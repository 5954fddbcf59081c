using Microsoft.Extensions.Time.Testing;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using ShureDrivers.Discovery;
using ShureDrivers.Discovery.Dns;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Discovery;

/// <summary>A host's transport that never says its interfaces changed, as on platforms without notifications.</summary>
internal sealed class UnannouncedTransport(SimulatedHost host) : ShureDrivers.Networking.DatagramTransport
{
    public override IReadOnlyList<ShureDrivers.Networking.NetworkInterfaceAddress> GetInterfaces() => host.GetInterfaces();

    public override ShureDrivers.Networking.DatagramSocket Bind(IPEndPoint localEndPoint, ShureDrivers.Networking.DatagramSocketOptions? options = null) => host.Bind(localEndPoint, options);
}
