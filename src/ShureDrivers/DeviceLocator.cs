using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Discovery;
using ShureDrivers.Internal;
using ShureDrivers.PacketBridge;

namespace ShureDrivers;

/// <summary>
/// How to find one device: by host, mDNS name, MAC or Dante interface. The one validation and the one resolver that
/// room files (<c>find</c>), <c>ShureDrivers.Hosting</c> (<c>Host</c>, <c>Mdns</c>, <c>Mac</c>, <c>Dante</c>) and
/// the tool share, so each accepts the same locators with the same messages.
/// </summary>
/// <remarks>
/// Resolution: a host is used as given (a <c>.local</c> name is resolved by <see cref="TcpDeviceConnector"/>, with the
/// port the device advertises); an mDNS name is looked up (discovery by host or instance name, else one query, with the
/// advertised port); a MAC is found by discovery; a Dante address or name (resolved as <c>NAME.local</c>) is asked for
/// the control address through its packet bridge (UDP 2203).
/// </remarks>
public sealed class DeviceLocator
{
    private static readonly Regex MdnsName = new("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.local)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
    private static readonly Regex MacText = new("^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    // Dante device names: letters, digits and hyphens (Audinate's rule), optionally with .local.
    private static readonly Regex DanteName = new("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?(?:\\.local)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));

    private DeviceLocator(DeviceLocatorKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>How it finds the device.</summary>
    public DeviceLocatorKind Kind { get; }

    /// <summary>The host, name, MAC (upper case) or Dante address or name, trimmed.</summary>
    public string Value { get; }

    /// <summary>
    /// The host a session names the device by (logs, metrics, <see cref="DeviceSession.EndPoint"/>): the host as given,
    /// <c>NAME.local</c>, <c>mac-aabbccddeeff</c>, or the Dante address or name.
    /// </summary>
    public string SessionHost => Kind switch
    {
        DeviceLocatorKind.Mdns => WithLocal(Value),
        DeviceLocatorKind.Mac => "mac-" + new string([.. Value.Where(c => c != ':')]).ToLowerInvariant(),
        _ => Value,
    };

    /// <summary>
    /// Why <paramref name="value"/> is not a locator of <paramref name="kind"/>, as one sentence that starts with the
    /// value (<c>'00-0E' is not a MAC address like 00:0E:DD:AA:BB:CC.</c>); null when it is one.
    /// </summary>
    public static string? Problem(DeviceLocatorKind kind, string? value)
    {
        var text = value?.Trim() ?? string.Empty;
        var shown = "'" + AsciiChars.Printable(text) + "'";
        switch (kind)
        {
            case DeviceLocatorKind.Host:
                try
                {
                    HostAndPort.Parse(text);
                    return null;
                }
                catch (ArgumentException)
                {
                    return $"{shown} is not a host: a name, an IP address or host:port, 1 to 255 characters.";
                }

            case DeviceLocatorKind.Mdns:
                return MdnsName.IsMatch(text) ? null : $"{shown} is not an mDNS name like ANI4OUT-aabbcc or ANI4OUT-aabbcc.local.";
            case DeviceLocatorKind.Mac:
                return MacText.IsMatch(text) ? null : $"{shown} is not a MAC address like 00:0E:DD:AA:BB:CC.";
            case DeviceLocatorKind.Dante:
                return (IPAddress.TryParse(text, out var address) ? address.AddressFamily == AddressFamily.InterNetwork : DanteName.IsMatch(text))
                    ? null
                    : $"{shown} is neither an IPv4 address nor a Dante device name (letters, digits and hyphens).";
            default:
                return $"{kind} is not a kind of locator.";
        }
    }

    /// <summary>A locator of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not one (the message is <see cref="Problem"/>'s).</exception>
    public static DeviceLocator Create(DeviceLocatorKind kind, string value)
    {
        if (Problem(kind, value) is { } problem)
        {
            throw new ArgumentException(problem, nameof(value));
        }

        var text = value.Trim();
        return new DeviceLocator(kind, kind == DeviceLocatorKind.Mac ? text.ToUpperInvariant() : text);
    }

    /// <summary>
    /// Finds the device's control endpoint now (an address and port; for a host, the host itself, resolved at connect).
    /// </summary>
    /// <param name="discovery">How mDNS searches (interfaces, loopback); default every multicast interface.</param>
    /// <param name="port">The port when the device does not say: the session's (2202 by default).</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <exception cref="DeviceConnectionException">Nothing answered for it.</exception>
    /// <exception cref="DeviceTimeoutException">The packet bridge did not answer.</exception>
    public Task<DnsEndPoint> ResolveAsync(DiscoveryOptions? discovery = null, int port = DefaultPortEndPoint.DocumentedPort, CancellationToken cancellationToken = default)
    {
        var options = discovery ?? new DiscoveryOptions();
        return DeviceLocatorResolver.ResolveAsync(this, port, options, null, ct => ShureDeviceDiscovery.DiscoverAsync(options, ct), cancellationToken);
    }

    /// <summary>
    /// A connector that finds the device again at every connect (a new DHCP lease, a moved device), for a session that
    /// names it by <see cref="SessionHost"/>: TCP for hosts and mDNS names, the resolver for MACs and Dante interfaces.
    /// </summary>
    /// <param name="discovery">How mDNS searches; default every multicast interface.</param>
    public DeviceConnector CreateConnector(DiscoveryOptions? discovery = null) =>
        Kind is DeviceLocatorKind.Host or DeviceLocatorKind.Mdns
            ? new TcpDeviceConnector(discovery)
            : new LocatorConnector(this, discovery ?? new DiscoveryOptions());

    /// <summary><c>host X</c>, <c>mdns X</c>, <c>mac X</c> or <c>dante X</c>.</summary>
    public override string ToString() => Kind.ToString().ToLowerInvariant() + " " + Value;

    internal static string WithLocal(string name) => name.EndsWith(".local", StringComparison.OrdinalIgnoreCase) ? name : name + ".local";
}
