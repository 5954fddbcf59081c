using System.Threading.Tasks;
using Microsoft.Playwright;
using Microsoft.Playwright.NUnit;
using NUnit.Framework;

namespace ShureDrivers.Panel.Tests.Support;

/// <summary>A test with a fresh page in the system chromium (one browser per test, closed after it).</summary>
public abstract class PanelBrowserTest : PlaywrightTest
{
    private IBrowser? _browser;

    /// <summary>The page of this test, 1280×900.</summary>
    protected IPage Page { get; private set; } = null!;

    [SetUp]
    public async Task OpenPageAsync()
    {
        SystemChromium.RequireInstalled();
        _browser = await Playwright.Chromium.LaunchAsync(SystemChromium.LaunchOptions);
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        Page = await context.NewPageAsync();
    }

    [TearDown]
    public async Task ClosePageAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            _browser = null;
        }
    }
}
