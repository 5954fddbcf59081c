using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Playwright;
using NUnit.Framework;
using ShureDrivers.Cli;
using ShureDrivers.Panel.Tests.Support;
using ShureDrivers.Simulator;
using ShureDrivers.Simulator.Panel;

namespace ShureDrivers.Panel.Tests;

/// <summary>A 100-device fleet on one page, and the panel opened by <c>shure simulate --panel</c>.</summary>
[CancelAfter(90_000)]
public class PanelFleetTests : PanelBrowserTest
{
    [Test]
    public async Task AHundredDevicePage_ListsThemAll_AndFollowsTheWireOnTheLastOne()
    {
        await using var fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 100, UsePorts = true, BindAddress = IPAddress.Loopback, Seed = 11, Families = [SimulatedFamily.Ani4Out, SimulatedFamily.Ani4In] });
        await using var panel = await fleet.StartPanelAsync();
        await Page.GotoAsync(panel.Url.ToString());
        await Expect(Page.Locator("#device-list .device-row")).ToHaveCountAsync(100);

        // Find the last one by typing part of its name, open it, and change it on the wire while every device is listed.
        var last = fleet.Devices[99];
        await Page.Locator("#device-filter").FillAsync(last.Simulator.GetValue("DEVICE_ID").Text!);
        await Expect(Page.Locator("#device-list li:not([hidden])")).ToHaveCountAsync(1);
        await Page.Locator("#device-list li:not([hidden]) .device-row").ClickAsync();
        await Expect(Page.Locator("fieldset.channel")).ToHaveCountAsync(4);
        await Expect(Page.Locator("fieldset.channel legend").First).ToContainTextAsync("Input 1"); // device 100 plays an ANI4IN

        await using var ani = await ShureDevices.ConnectAsync(last.ControlEndPoint.Address.ToString(), new DeviceSessionOptions { Port = last.ControlEndPoint.Port });
        await ((Ani4InDevice)ani).Input(1).SetGainAsync(Gain.FromDb(-9));
        await Expect(Page.GetByTestId("gain-1")).ToHaveTextAsync("-9.0 dB", new() { Timeout = 1000 });
    }

    [Test]
    public async Task ShureSimulatePanel_PrintsTheUrl_AndServesThePanel()
    {
        var error = new LineWriter();
        var input = new HeldInput();
        var printed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        error.LineWritten += line =>
        {
            if (Regex.Match(line, @"^Panel: (http://127\.0\.0\.1:\d+/)$") is { Success: true } match)
            {
                printed.TrySetResult(match.Groups[1].Value);
            }
        };
        var run = ShureCli.RunAsync(["simulate", "--ports", "--devices", "2", "--panel", "--panel-port", "0"], new CliConsole(new StringWriter(), error, input));
        try
        {
            // The URL, or the run's end if it failed first.
            var first = await Task.WhenAny(printed.Task, run).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.That(first, Is.SameAs(printed.Task), error.ToString());
            await Page.GotoAsync(await printed.Task);
            await Expect(Page.Locator("#device-list .device-row")).ToHaveCountAsync(2);
            // The CLI seeds presets 1-3 as if saved in the web app.
            await Expect(Page.Locator("#preset-2")).ToContainTextAsync("Music");
        }
        finally
        {
            input.Release();
        }

        Assert.That(await run.WaitAsync(TimeSpan.FromSeconds(20)), Is.Zero, error.ToString());
    }
}
