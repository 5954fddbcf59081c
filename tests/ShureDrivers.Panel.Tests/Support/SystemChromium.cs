using System;
using System.IO;
using Microsoft.Playwright;
using NUnit.Framework;

namespace ShureDrivers.Panel.Tests.Support;

/// <summary>
/// Debian's chromium, which Playwright drives through its executable path: no browser is ever downloaded. .ci/run
/// installs it; on a machine without it the browser tests are ignored with a hint, except under CI, where they fail.
/// </summary>
public static class SystemChromium
{
    /// <summary>The executable: SHURE_CHROMIUM when set, else /usr/bin/chromium.</summary>
    public static string Path => Environment.GetEnvironmentVariable("SHURE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static void RequireInstalled()
    {
        if (File.Exists(Path))
        {
            return;
        }

        var message = $"No chromium at {Path}: install it (apt-get install chromium) or set SHURE_CHROMIUM; .ci/run installs it.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }

    /// <summary>Headless, and quiet on the network: without the background-networking switches chromium calls Google's hosts at start.</summary>
    public static BrowserTypeLaunchOptions LaunchOptions => new()
    {
        ExecutablePath = Path,
        Headless = true,
        Args =
        [
            "--no-sandbox", // tests run as root in CI
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
        ],
    };
}
