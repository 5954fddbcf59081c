using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Http;

namespace ShureDrivers.Simulator.Panel.Internal;

/// <summary>
/// Which requests the panel serves. The Host header must name this panel (a page on another site that rebinds its
/// DNS name to 127.0.0.1 sends its own name, and is refused); a request that changes state must come from the panel's
/// own page (a browser sends Origin with every POST; a cross-site one is refused). Tools such as curl send neither
/// Origin nor Sec-Fetch-Site and are served: they are not a browser that another site can drive.
/// </summary>
internal sealed class RequestGuard
{
    private readonly HashSet<string> _hosts;
    private readonly int _port;

    public RequestGuard(IEnumerable<string> hosts, int port)
    {
        _hosts = new HashSet<string>(hosts.Select(Normalize), StringComparer.OrdinalIgnoreCase);
        _port = port;
    }

    /// <summary>Why the request is refused, or null. Status 400 for a wrong Host, 403 for another origin.</summary>
    public (int Status, string Reason)? Check(HttpRequest request)
    {
        var host = request.Host;
        if (!host.HasValue || !_hosts.Contains(Normalize(host.Host)) || (host.Port ?? 80) != _port)
        {
            return (StatusCodes.Status400BadRequest, $"Host '{host.Value}' is not this panel's address.");
        }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return null;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return string.Equals(origin, "http://" + host.Value, StringComparison.OrdinalIgnoreCase)
                ? null
                : (StatusCodes.Status403Forbidden, $"Changes are taken only from this panel's own page, not from {origin}.");
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length == 0 || site is "same-origin" or "none"
            ? null
            : (StatusCodes.Status403Forbidden, $"Changes are taken only from this panel's own page (Sec-Fetch-Site: {site}).");
    }

    private static string Normalize(string host) => host.Trim('[', ']');
}
