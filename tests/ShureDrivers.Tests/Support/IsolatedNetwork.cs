using System.Linq;
using System.Net.NetworkInformation;
using NUnit.Framework;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// Multicast tests send to 224.0.0.251. They run only where the process sees no interface but loopback (a private
/// network namespace, as .ci/run creates with <c>unshare --net</c>), so nothing can reach a real network.
/// </summary>
public static class IsolatedNetwork
{
    public static bool IsIsolated =>
        NetworkInterface.GetAllNetworkInterfaces().All(n => n.NetworkInterfaceType == NetworkInterfaceType.Loopback);

    public static void RequireIsolation()
    {
        if (!IsIsolated)
        {
            Assert.Ignore("Sends multicast: runs only in a private network namespace (.ci/run does this with unshare --net).");
        }
    }
}
