using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Playwright;
using NUnit.Framework;
using ShureDrivers.Cli;
using ShureDrivers.Panel.Tests.Support;
using ShureDrivers.Simulator;
using ShureDrivers.Simulator.Panel;

namespace ShureDrivers.Panel.Tests;

/// <summary>The panel in a real headless chromium, over a three-device fleet on loopback with free ports.</summary>
[CancelAfter(60_000)]
public class PanelBrowserTests : PanelBrowserTest
{
    private Ani4OutFleet _fleet = null!;
    private SimulatorPanel _panel = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 3, UsePorts = true, BindAddress = IPAddress.Loopback, Seed = 7 });
        _panel = await _fleet.StartPanelAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _panel.DisposeAsync();
        await _fleet.DisposeAsync();
    }

    [Test]
    public async Task ThePage_ListsEveryDevice_AndEachDetailShowsFourOutputs()
    {
        await Page.GotoAsync(_panel.Url.ToString());
        var rows = Page.Locator("#device-list .device-row");
        await Expect(rows).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++)
        {
            var device = _fleet.Devices[i];
            await rows.Nth(i).ClickAsync();
            await Expect(Page.Locator("#device-title")).ToContainTextAsync(device.Simulator.GetValue("DEVICE_ID").Text!);
            await Expect(Page.Locator("fieldset.channel")).ToHaveCountAsync(4);
            await Expect(Page.GetByTestId("fact-control")).ToHaveTextAsync(device.ControlEndPoint.ToString());
        }
    }

    [Test]
    public async Task ShureGainFromTheCli_MovesThePagesOutput2_WithinASecond()
    {
        var device = _fleet.Devices[1];
        await Page.GotoAsync(_panel.Url + "#device-2");
        await Expect(Page.GetByTestId("gain-2")).ToHaveTextAsync(device.Simulator.GetGain(2).Decibels.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " dB");

        var (code, _, error) = await ShureAsync("gain", device.ControlEndPoint.ToString(), "2", "-12");
        Assert.That(code, Is.Zero, error);

        await Expect(Page.GetByTestId("gain-2")).ToHaveTextAsync("-12.0 dB", new() { Timeout = 1000 });
        await Expect(Page.Locator("#fader-2")).ToHaveValueAsync("-12");
        // The command and its report are in the wire log.
        await Expect(Page.Locator("#wire")).ToContainTextAsync("AUDIO_GAIN_HI_RES");
    }

    [Test]
    public async Task ClickingMute_OnThePage_RaisesTheDeviceObjectsChange_WithIsMutedTrue()
    {
        var device = _fleet.Devices[0];
        await using var ani = await Ani4OutDevice.ConnectAsync(device.ControlEndPoint.Address.ToString(), Options(device));
        Assert.That(ani.Output(3).IsMuted, Is.False);
        var muted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        ani.Output(3).PropertyChanged += (_, e) =>
        {
            if (e.PropertyName == nameof(Ani4OutOutput.IsMuted) && ani.Output(3).IsMuted == true)
            {
                muted.TrySetResult(true);
            }
        };

        await Page.GotoAsync(_panel.Url + "#device-1");
        await Page.GetByTestId("mute-3").ClickAsync();

        Assert.That(await muted.Task.WaitAsync(TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(device.Simulator.IsMuted(3), Is.True);
        await Expect(Page.GetByTestId("mute-3")).ToHaveAttributeAsync("aria-pressed", "true");
        // The page shows who is connected.
        await Expect(Page.GetByTestId("fact-controllers")).ToContainTextAsync("1: 127.0.0.1:");
    }

    [Test]
    public async Task DropLinks_MakesTheDeviceObjectReconnect()
    {
        var device = _fleet.Devices[2];
        await using var ani = await Ani4OutDevice.ConnectAsync(device.ControlEndPoint.Address.ToString(), Options(device));
        var states = new ConcurrentQueue<ConnectionState>();
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ani.Session.StateChanged += (_, e) =>
        {
            states.Enqueue(e.Current);
            if (e.Current == ConnectionState.Connected && states.Contains(ConnectionState.Reconnecting))
            {
                back.TrySetResult();
            }
        };

        await Page.GotoAsync(_panel.Url + "#device-3");
        await Page.GetByTestId("drop-links").ClickAsync();

        await back.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(states.ToArray(), Does.Contain(ConnectionState.Reconnecting));
        Assert.That(ani.Session.State, Is.EqualTo(ConnectionState.Connected));
    }

    [Test]
    public async Task Meters_MoveWhileMeteringIsOn()
    {
        var device = _fleet.Devices[0];
        await using var ani = await Ani4OutDevice.ConnectAsync(device.ControlEndPoint.Address.ToString(), Options(device));
        await Page.GotoAsync(_panel.Url + "#device-1");
        await Expect(Page.GetByTestId("meter-1")).ToHaveJSPropertyAsync("value", 0);

        using var feed = await ani.StartMeteringAsync(100);
        // The programme signal wanders by several dB a second: the meter takes a value, then two different ones.
        var meter = Page.GetByTestId("meter-1");
        await Expect(meter).Not.ToHaveJSPropertyAsync("value", 0);
        var seen = new List<double> { await meter.EvaluateAsync<double>("m => m.value") };
        for (var i = 0; i < 2; i++)
        {
            await Page.WaitForFunctionAsync("v => document.querySelector('#meter-1').value !== v", seen[^1], new() { Timeout = 5000 });
            seen.Add(await meter.EvaluateAsync<double>("m => m.value"));
        }

        Assert.That(seen.Distinct().Count(), Is.GreaterThanOrEqualTo(2), $"meter values seen: {string.Join(", ", seen)}");
        await Expect(Page.GetByTestId("fact-meter-rate")).ToHaveTextAsync("100 ms");
    }

    [Test]
    public async Task EveryControl_HasALabel_AndMuteWorksFromTheKeyboard()
    {
        await Page.GotoAsync(_panel.Url + "#device-2");
        await Expect(Page.Locator("fieldset.channel")).ToHaveCountAsync(4);

        var unlabelled = await Page.Locator("button, input, select, meter").EvaluateAllAsync<string[]>(
            "els => els.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !e.textContent.trim()).map(e => e.outerHTML)");
        Assert.That(unlabelled, Is.Empty);

        await Page.GetByTestId("mute-4").FocusAsync();
        await Page.Keyboard.PressAsync("Space");
        await Expect(Page.GetByTestId("mute-4")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.That(_fleet.Devices[1].Simulator.IsMuted(4), Is.True);

        // Tab moves on to the next channel's first control; the device list is reachable by keyboard too.
        await Page.Locator("#device-list .device-row").Nth(2).FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#device-title")).ToContainTextAsync(_fleet.Devices[2].Simulator.GetValue("DEVICE_ID").Text!);
    }

    [Test]
    public async Task ARefusedValue_ShowsItsMessage_AndChangesNothing()
    {
        await Page.GotoAsync(_panel.Url + "#device-1");
        await Page.Locator("#gain-input-1").FillAsync("45");
        await Page.Locator("#gain-input-1").PressAsync("Enter");
        await Expect(Page.Locator("#error")).ToContainTextAsync("gainDb");
        Assert.That(_fleet.Devices[0].Simulator.GetGain(1), Is.EqualTo(Gain.Unity));
    }

    [Test]
    public async Task TheRun_SavesAScreenshotOfThePanel()
    {
        var device = _fleet.Devices[0];
        await using var ani = await Ani4OutDevice.ConnectAsync(device.ControlEndPoint.Address.ToString(), Options(device));
        await ani.Output(2).SetGainAsync(Gain.FromDb(-12));
        await ani.Output(4).SetMuteAsync(true);
        device.Simulator.SavePreset(1, "Speech");
        using var feed = await ani.StartMeteringAsync(100);
        await Page.GotoAsync(_panel.Url + "#device-1");
        await Expect(Page.GetByTestId("gain-2")).ToHaveTextAsync("-12.0 dB");
        await Expect(Page.GetByTestId("meter-1")).Not.ToHaveJSPropertyAsync("value", 0);

        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "panel.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, "The simulator panel");
        // docs/panel.png is refreshed from here: SHURE_PANEL_SCREENSHOT=docs/panel.png dotnet test --filter TheRun_SavesAScreenshot
        if (Environment.GetEnvironmentVariable("SHURE_PANEL_SCREENSHOT") is { Length: > 0 } copy)
        {
            File.Copy(path, copy, overwrite: true);
        }

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.That(bytes, Has.Length.GreaterThan(10_000));
    }

    private static DeviceSessionOptions Options(SimulatedDevice device) => new()
    {
        Port = device.ControlEndPoint.Port,
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
    };

    private static async Task<(int Code, string Output, string Error)> ShureAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ShureCli.RunAsync(args, new CliConsole(output, error, TextReader.Null));
        return (code, output.ToString(), error.ToString());
    }
}
