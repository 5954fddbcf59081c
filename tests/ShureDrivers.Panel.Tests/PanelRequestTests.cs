using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using ShureDrivers.Cli;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;
using ShureDrivers.Simulator.Panel;

namespace ShureDrivers.Panel.Tests;

/// <summary>The panel's HTTP surface without a browser: what it refuses (and that a refusal changes nothing), what each action does.</summary>
[CancelAfter(30_000)]
public class PanelRequestTests
{
    private Ani4OutFleet _fleet = null!;
    private SimulatorPanel _panel = null!;
    private FakeTimeProvider _time = null!;
    private HttpClient _http = null!;

    private Ani4OutSimulator First => _fleet.Devices[0].Simulator;

    [SetUp]
    public async Task StartAsync()
    {
        _fleet = Ani4OutFleet.Start(new FleetOptions { DeviceCount = 2, Families = [SimulatedFamily.Ani4Out, SimulatedFamily.Ani4In], UsePorts = true, BindAddress = IPAddress.Loopback, Seed = 3 });
        _time = new FakeTimeProvider();
        _panel = await _fleet.StartPanelAsync(new SimulatorPanelOptions { TimeProvider = _time });
        _http = new HttpClient { BaseAddress = _panel.Url };
    }

    [TearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _panel.DisposeAsync();
        await _fleet.DisposeAsync();
    }

    [Test]
    public async Task ThePage_AndItsAssets_AreServedFromTheAssembly_WithNoOutsideAddress()
    {
        foreach (var (path, type) in new[] { ("/", "text/html"), ("/panel.js", "text/javascript"), ("/panel.css", "text/css") })
        {
            using var response = await _http.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo(type), path);
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(text, Does.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("//cdn"), path);
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'none'"));
        }
    }

    [Test]
    public async Task Devices_DescribeEachSimulator()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/api/devices"));
        var devices = document.RootElement.GetProperty("devices").EnumerateArray().ToList();
        Assert.That(devices, Has.Count.EqualTo(2));
        Assert.That(devices[0].GetProperty("model").GetString(), Is.EqualTo("ANI4OUT-XLR"));
        Assert.That(devices[0].GetProperty("channels").GetArrayLength(), Is.EqualTo(4));
        Assert.That(devices[0].GetProperty("channels")[0].GetProperty("level").GetString(), Is.EqualTo("LINE_LVL"));
        Assert.That(devices[1].GetProperty("family").GetString(), Is.EqualTo("ANI4IN"));
        Assert.That(devices[1].GetProperty("channels")[0].TryGetProperty("preampDb", out _), Is.True);
        Assert.That(devices[1].GetProperty("control").GetString(), Is.EqualTo(_fleet.Devices[1].ControlEndPoint.ToString()));
    }

    [Test]
    public async Task AChannelChange_IsAppliedAsTheWebAppWould()
    {
        await PostAsync("/api/devices/1/channels/2", """{"gainDb": -12.5}""", HttpStatusCode.OK);
        await PostAsync("/api/devices/1/channels/3", """{"muted": true}""", HttpStatusCode.OK);
        await PostAsync("/api/devices/1/channels/4", """{"level": "MIC_LVL"}""", HttpStatusCode.OK);
        await PostAsync("/api/devices/1/channels/1", """{"name": "Lectern"}""", HttpStatusCode.OK);
        await PostAsync("/api/devices/2/channels/1", """{"preampDb": 24}""", HttpStatusCode.OK);
        await PostAsync("/api/devices/2/channels/1", """{"phantom": true}""", HttpStatusCode.OK);

        Assert.That(First.GetGain(2), Is.EqualTo(Gain.FromDb(-12.5)));
        Assert.That(First.IsMuted(3), Is.True);
        Assert.That(First.GetOutputLevel(4), Is.EqualTo("MIC_LVL"));
        Assert.That(First.GetChannelName(1), Is.EqualTo("Lectern"));
        var input = _fleet.Devices[1].Simulator;
        Assert.That(input.GetValue(Ani4InParameters.AudioGain, 1).Number, Is.EqualTo(24));
        Assert.That(input.GetValue(Ani4InParameters.PhantomPowerEnable, 1).TryGetSwitch(out var on) && on, Is.True);
    }

    [TestCase("/api/devices/1/channels/2", """{"gainDb": 31}""", "gainDb")]
    [TestCase("/api/devices/1/channels/2", """{"gainDb": "loud"}""", "gainDb")]
    [TestCase("/api/devices/1/channels/5", """{"gainDb": -6}""", "Channel 5")]
    [TestCase("/api/devices/1/channels/x", """{"gainDb": -6}""", "not a channel")]
    [TestCase("/api/devices/9/channels/1", """{"gainDb": -6}""", "no device 9")]
    [TestCase("/api/devices/0/channels/1", """{"gainDb": -6}""", "no device 0")]
    [TestCase("/api/devices/1/channels/1", """{"gainDb": -6, "muted": true}""", "one property")]
    [TestCase("/api/devices/1/channels/1", """{}""", "one property")]
    [TestCase("/api/devices/1/channels/1", """[1]""", "JSON object")]
    [TestCase("/api/devices/1/channels/1", """{"gainDb": -6""", "not valid JSON")]
    [TestCase("/api/devices/1/channels/1", """{"volume": 3}""", "Unknown property")]
    [TestCase("/api/devices/1/channels/1", """{"level": "LOUD"}""", "LINE_LVL")]
    [TestCase("/api/devices/1/channels/1", """{"preampDb": 24}""", "no 'preampDb'")]
    [TestCase("/api/devices/2/channels/1", """{"preampDb": 25}""", "AUDIO_GAIN")]
    [TestCase("/api/devices/1/channels/1", """{"name": "Lectern <2>"}""", "ASCII")]
    [TestCase("/api/devices/1/channels/1", """{"name": "Café"}""", "ASCII")]
    [TestCase("/api/devices/1/preset", """{"slot": 11}""", "1..10")]
    [TestCase("/api/devices/1/preset", """{"slot": 4}""", "empty")]
    [TestCase("/api/devices/1/faults", """{"fault": "explode"}""", "Unknown fault")]
    [TestCase("/api/devices/1/faults", """{"fault": "silent", "seconds": 0}""", "'seconds'")]
    [TestCase("/api/devices/1/faults", """{"fault": "slow", "milliseconds": 60000}""", "'milliseconds'")]
    [TestCase("/api/devices/1/faults", """{"fault": "reject-sets", "channel": 7, "on": true}""", "Channel 7")]
    [TestCase("/api/devices/1/faults", """{"fault": "refuse-connections", "on": "yes"}""", "true or false")]
    [TestCase("/api/devices/1/faults", """{"fault": "reboot", "now": true}""", "Unknown property")]
    public async Task BadInput_Gets400WithAMessage_AndChangesNothing(string path, string body, string message)
    {
        var before = Snapshot();
        var error = await PostAsync(path, body, HttpStatusCode.BadRequest);
        Assert.That(error, Does.Contain(message));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task ABodyThatIsNotJson_Gets415_AndATooLongOne413()
    {
        using (var form = await _http.PostAsync("/api/devices/1/channels/1", new StringContent("gainDb=-6", Encoding.ASCII, "application/x-www-form-urlencoded")))
        {
            Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        }

        var huge = """{"name": "__"}""".Replace("__", new string('a', SimulatorPanel.MaxBodyBytes + 10), StringComparison.Ordinal);
        using var response = await _http.PostAsync("/api/devices/1/channels/1", new StringContent(huge, Encoding.ASCII, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(First.GetChannelName(1), Is.Not.Contain("aaaa"));
    }

    [Test]
    public async Task AWrongHostHeader_IsRefused_AndChangesNothing()
    {
        var before = Snapshot();
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            using var request = new HttpRequestMessage(method, method == HttpMethod.Get ? "/api/devices" : "/api/devices/1/channels/1")
            {
                Content = method == HttpMethod.Post ? new StringContent("""{"muted": true}""", Encoding.ASCII, "application/json") : null,
            };
            request.Headers.Host = "attacker.example:" + _panel.Url.Port;
            using var response = await _http.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), method.Method);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("attacker.example"));
        }

        // The right name on another port is refused too (another local site behind the same name).
        using var otherPort = new HttpRequestMessage(HttpMethod.Get, "/api/devices");
        otherPort.Headers.Host = "localhost:1";
        Assert.That((await _http.SendAsync(otherPort)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task ACrossOriginPost_IsRefused_AndChangesNothing()
    {
        var before = Snapshot();
        foreach (var (header, value) in new[] { ("Origin", "http://attacker.example"), ("Origin", "null"), ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Site", "same-site") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/devices/1/faults") { Content = new StringContent("""{"fault": "reboot"}""", Encoding.ASCII, "application/json") };
            request.Headers.Add(header, value);
            using var response = await _http.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{header}: {value}");
        }

        Assert.That(First.IsBooting, Is.False);
        Assert.That(Snapshot(), Is.EqualTo(before));

        // Its own page's origin is served.
        using var own = new HttpRequestMessage(HttpMethod.Post, "/api/devices/1/channels/1") { Content = new StringContent("""{"muted": true}""", Encoding.ASCII, "application/json") };
        own.Headers.Add("Origin", _panel.Url.GetLeftPart(UriPartial.Authority));
        Assert.That((await _http.SendAsync(own)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(First.IsMuted(1), Is.True);
    }

    [Test]
    public void ANonLoopbackAddress_NeedsTheExplicitFlag()
    {
        var ex = Assert.ThrowsAsync<ArgumentException>(() => _fleet.StartPanelAsync(new SimulatorPanelOptions { Address = IPAddress.Any }));
        Assert.That(ex!.Message, Does.Contain("AllowNonLoopback"));
        Assert.ThrowsAsync<ArgumentException>(() => _fleet.StartPanelAsync(new SimulatorPanelOptions { UpdateInterval = TimeSpan.FromMilliseconds(10) }));
    }

    [Test]
    public async Task ShureSimulatePanel_OnANonLoopbackAddress_NeedsTheFlag()
    {
        var error = new StringWriter();
        var code = await ShureCli.RunAsync(["simulate", "--ports", "--panel", "--panel-bind", "0.0.0.0"], new CliConsole(new StringWriter(), error, TextReader.Null));
        Assert.That(code, Is.EqualTo(2), error.ToString());
        Assert.That(error.ToString(), Does.Contain("--panel-allow-remote"));
    }

    [Test]
    public async Task Faults_AreTheSimulatorsOwn()
    {
        await PostAsync("/api/devices/1/faults", """{"fault": "slow", "milliseconds": 250}""", HttpStatusCode.OK);
        Assert.That(First.Faults.ReplyDelay, Is.EqualTo(TimeSpan.FromMilliseconds(250)));

        await PostAsync("/api/devices/1/faults", """{"fault": "reject-sets", "channel": 2, "on": true}""", HttpStatusCode.OK);
        Assert.That(First.Faults.RejectWhen!(CommandString.Set(2, Ani4OutParameters.AudioMute, CommandValue.FromSwitch(true))), Is.True);
        Assert.That(First.Faults.RejectWhen!(CommandString.Set(1, Ani4OutParameters.AudioMute, CommandValue.FromSwitch(true))), Is.False);
        Assert.That(First.Faults.RejectWhen!(CommandString.Get(2, Ani4OutParameters.AudioMute)), Is.False);

        await PostAsync("/api/devices/1/faults", """{"fault": "refuse-connections", "on": true}""", HttpStatusCode.OK);
        Assert.That(First.IsAcceptingConnections, Is.False);

        await PostAsync("/api/devices/1/faults", """{"fault": "clear"}""", HttpStatusCode.OK);
        Assert.That(First.IsAcceptingConnections, Is.True);
        Assert.That(First.Faults.RejectWhen, Is.Null);
        Assert.That(First.Faults.ReplyDelay, Is.EqualTo(TimeSpan.Zero));

        await PostAsync("/api/devices/1/faults", """{"fault": "reboot"}""", HttpStatusCode.OK);
        Assert.That(First.IsBooting, Is.True);
        Assert.That(await PostAsync("/api/devices/1/channels/1", """{"muted": true}""", HttpStatusCode.Conflict), Does.Contain("rebooting"));
    }

    [Test]
    public async Task SilentForNSeconds_EndsOnTheClock()
    {
        var state = await PostAsync("/api/devices/1/faults", """{"fault": "silent", "seconds": 5}""", HttpStatusCode.OK);
        Assert.That(First.Faults.Silent, Is.True);
        Assert.That(state, Does.Contain("silentUntil"));

        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.That(First.Faults.Silent, Is.True);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(First.Faults.Silent, Is.False);
    }

    [Test]
    public async Task APresetRecall_AppliesItsSettings()
    {
        First.SetGain(1, Gain.FromDb(-20));
        First.SavePreset(2, "Quiet");
        First.SetGain(1, Gain.Unity);

        await PostAsync("/api/devices/1/preset", """{"slot": 2}""", HttpStatusCode.OK);

        Assert.That(First.ActivePreset, Is.EqualTo(2));
        Assert.That(First.GetGain(1), Is.EqualTo(Gain.FromDb(-20)));
    }

    [Test]
    public async Task TheEventStream_StartsWithEverything_ThenSendsWhatChanged()
    {
        using var response = await _http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var hello = await NextEventAsync(reader);
        Assert.That(hello.Name, Is.EqualTo("hello"));
        Assert.That(JsonDocument.Parse(hello.Data).RootElement.GetProperty("devices").GetArrayLength(), Is.EqualTo(2));

        First.SetGain(3, Gain.FromDb(-7));
        _time.Advance(TimeSpan.FromMilliseconds(100));

        // The wire log and the state both follow; the state carries the new gain.
        for (var i = 0; i < 10; i++)
        {
            var next = await NextEventAsync(reader);
            if (next.Name == "device")
            {
                var channels = JsonDocument.Parse(next.Data).RootElement.GetProperty("channels");
                Assert.That(channels[2].GetProperty("gainDb").GetDouble(), Is.EqualTo(-7.0));
                return;
            }
        }

        Assert.Fail("no device event followed the change");
    }

    private static async Task<(string Name, string Data)> NextEventAsync(StreamReader reader)
    {
        string? name = null;
        string? data = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0 && data is not null)
            {
                return (name ?? "message", data);
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        throw new EndOfStreamException();
    }

    private async Task<string> PostAsync(string path, string body, HttpStatusCode expected)
    {
        using var response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        return text;
    }

    // Everything a page action could touch, as one comparable string.
    private string Snapshot() => string.Join("|", _fleet.Devices.Select(d => d.Simulator).Select(s =>
        string.Join(",", Enumerable.Range(1, 4).Select(ch => $"{s.GetGain(ch)}/{s.IsMuted(ch)}/{s.GetChannelName(ch)}"))
        + $";{s.ActivePreset};{s.IsBooting};{s.Faults.Silent};{s.Faults.ReplyDelay};{s.Faults.RefuseConnections};{s.Faults.RejectWhen is null};{s.SessionCount}"));
}
