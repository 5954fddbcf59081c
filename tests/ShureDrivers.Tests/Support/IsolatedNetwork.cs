using System;
using System.Diagnostics;
using System.Linq;
using System.Net.NetworkInformation;
using NUnit.Framework;
using ShureDrivers.Networking;

namespace ShureDrivers.Tests.Support;

/// <summary>
/// Multicast tests send to 224.0.0.251 and ff02::fb. They run only where nothing can reach a real network: the
/// process sees no interface but loopback, or its only other interfaces are the two ends of one veth pair,
/// <see cref="VethA"/> and <see cref="VethB"/>, both in this namespace (a closed link), as .ci/run creates them.
/// </summary>
public static class IsolatedNetwork
{
    public const string VethA = "shv0";
    public const string VethB = "shv1";

    /// <summary>A second closed veth pair that network-change tests create, change and delete themselves.</summary>
    public const string ChangingA = "shn0";
    public const string ChangingB = "shn1";

    public static bool IsIsolated
    {
        get
        {
            var interfaces = NetworkInterface.GetAllNetworkInterfaces();
            if (interfaces.All(n => n.NetworkInterfaceType == NetworkInterfaceType.Loopback))
            {
                return true;
            }

            return PairIsClosed(VethA, VethB)
                && (interfaces.All(n => n.Name != ChangingA) || PairIsClosed(ChangingA, ChangingB))
                && interfaces.All(n => n.NetworkInterfaceType == NetworkInterfaceType.Loopback || n.Name is VethA or VethB or ChangingA or ChangingB);
        }
    }

    public static void RequireIsolation()
    {
        if (!IsIsolated)
        {
            Assert.Ignore("Sends multicast: runs only in a private network namespace (.ci/run does this with unshare --net).");
        }
    }

    /// <summary>The IPv6 link-local and IPv4 addresses of one end of the veth pair, or a skip saying what is missing.</summary>
    public static (NetworkInterfaceAddress V4, NetworkInterfaceAddress V6) RequireVeth(string name)
    {
        RequireIsolation();
        var addresses = UdpDatagramTransport.Instance.GetInterfaces().Where(i => i.Name == name).ToList();
        var v4 = addresses.FirstOrDefault(i => i.IsIPv4);
        var v6 = addresses.FirstOrDefault(i => i.IsIPv6LinkLocal);
        if (v4 is null || v6 is null)
        {
            Assert.Ignore($"Needs the veth pair {VethA}/{VethB} with IPv4 and IPv6 link-local addresses, which .ci/run creates in its private namespace.");
        }

        return (v4!, v6!);
    }

    /// <summary>Runs <c>ip</c> with <paramref name="arguments"/> inside the private namespace; fails the test when it fails.</summary>
    public static void Ip(string arguments)
    {
        RequireIsolation();
        using var ip = Process.Start(new ProcessStartInfo("ip", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = ip.StandardError.ReadToEnd();
        Assert.That(ip.WaitForExit(5_000) && ip.ExitCode == 0, $"ip {arguments}: {error}");
    }

    // "ip -o link" names a veth's peer ("shv0@shv1") only when the peer is in the same namespace.
    private static bool PairIsClosed(string a, string b)
    {
        try
        {
            using var ip = Process.Start(new ProcessStartInfo("ip", "-o link show " + a) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = ip.StandardOutput.ReadToEnd();
            return ip.WaitForExit(5_000) && ip.ExitCode == 0 && output.Contains(a + "@" + b + ":", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}
