using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using ShureDrivers.Hosting;
using ShureDrivers.Protocol;
using ShureDrivers.Simulator;

namespace ShureDrivers.RoomService.Tests;

/// <summary>Each endpoint of examples/RoomService and each error status, against simulated devices on loopback.</summary>
[CancelAfter(60_000)]
public class RoomServiceTests
{
    private Ani4OutFleet _fleet = null!;
    private RoomServiceFactory _factory = null!;
    private HttpClient _http = null!;
    private int _boardroomSets;

    private Ani4OutSimulator Boardroom => _fleet.Devices[0].Simulator;

    private Ani4OutSimulator Lectern => _fleet.Devices[1].Simulator;

    [SetUp]
    public async Task StartAsync() => await StartAsync(null);

    [TearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        await _fleet.DisposeAsync();
        _fleet = null!;
        _boardroomSets = 0;
    }

    [Test]
    public async Task Devices_ListsEachConfiguredDevice_WithModelStateAndHealth()
    {
        using var document = await GetJsonAsync("/devices");
        var devices = document.RootElement.EnumerateArray().ToList();
        Assert.That(devices.Select(d => d.GetProperty("name").GetString()), Is.EqualTo(new[] { "Boardroom", "Lectern" }));
        Assert.That(devices.Select(d => d.GetProperty("model").GetString()), Is.EqualTo(new[] { "ANI4OUT-XLR", "ANI4IN-XLR" }));
        Assert.That(devices.Select(d => d.GetProperty("state").GetString()), Is.All.EqualTo("Connected"));
        Assert.That(devices.Select(d => d.GetProperty("health").GetString()), Is.All.EqualTo("Healthy"));
    }

    [Test]
    public async Task ADevice_HasTheFieldsOfShureStatusJson()
    {
        using var output = await GetJsonAsync("/devices/Boardroom");
        foreach (var field in new[] { "host", "model", "serial", "firmware", "deviceId", "mac", "dante", "preset", "ledBrightness", "meterRateMs", "identifying", "summingMode", "meterMode", "outputs" })
        {
            Assert.That(output.RootElement.TryGetProperty(field, out _), Is.True, field);
        }

        var first = output.RootElement.GetProperty("outputs")[0];
        Assert.That(first.GetProperty("level").GetString(), Is.EqualTo("line"));
        Assert.That(first.GetProperty("gainDb").GetDouble(), Is.Zero);

        using var input = await GetJsonAsync("/devices/lectern"); // names are case-insensitive, as in the hosting options
        Assert.That(input.RootElement.GetProperty("inputs")[0].TryGetProperty("analogGainDb", out _), Is.True);
        Assert.That(input.RootElement.GetProperty("model").GetString(), Is.EqualTo("ANI4IN-XLR"));
    }

    [Test]
    public async Task GainMuteAndPreset_ReachTheDevice()
    {
        Boardroom.SetGain(1, Gain.FromDb(-20));
        Boardroom.SavePreset(3, "Quiet");
        Boardroom.SetGain(1, Gain.Unity);
        await WaitUntilAsync("Boardroom", d => ((Ani4OutDevice)d).Output(1).Gain == Gain.Unity);

        using (var preset = await _http.PostAsync("/devices/Boardroom/preset/3", null))
        {
            Assert.That(await preset.Content.ReadAsStringAsync(), Is.EqualTo("""{"active":3}"""));
        }

        Assert.That(Boardroom.GetGain(1), Is.EqualTo(Gain.FromDb(-20)), "the preset's gain");
        using (var gain = await PutAsync("/devices/Boardroom/outputs/2/gain", """{"db": -12.5}"""))
        {
            Assert.That(gain.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await gain.Content.ReadAsStringAsync(), Is.EqualTo("""{"channel":2,"gainDb":-12.5}"""));
        }

        using (var mute = await PutAsync("/devices/Boardroom/outputs/3/mute", """{"muted": true}"""))
        {
            Assert.That(mute.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var inputMute = await PutAsync("/devices/Lectern/inputs/4/mute", """{"muted": true}"""))
        {
            Assert.That(inputMute.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(Boardroom.GetGain(2), Is.EqualTo(Gain.FromDb(-12.5)));
        Assert.That(Boardroom.IsMuted(3), Is.True);
        Assert.That(Lectern.IsMuted(4), Is.True);
    }

    [TestCase("/devices/Boardroom/outputs/2/gain", """{"db": 31}""", "outside")]
    [TestCase("/devices/Boardroom/outputs/2/gain", """{"db": "loud"}""", "\"db\"")]
    [TestCase("/devices/Boardroom/outputs/2/gain", """{"gain": -6}""", "\"db\"")]
    [TestCase("/devices/Boardroom/outputs/2/gain", """{"db": -6""", "not valid JSON")]
    [TestCase("/devices/Boardroom/outputs/2/gain", """[-6]""", "JSON object")]
    [TestCase("/devices/Boardroom/outputs/2/mute", """{"muted": "yes"}""", "true or false")]
    public async Task BadInput_Is400_AndNothingIsSent(string path, string body, string detail)
    {
        var received = Received(Boardroom);
        using var response = await PutAsync(path, body);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(detail));
        Assert.That(Received(Boardroom), Is.EqualTo(received), "nothing reached the device");
    }

    [Test]
    public async Task APresetOutside1To10_Is400()
    {
        using var response = await _http.PostAsync("/devices/Boardroom/preset/11", null);
        await ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [TestCase("/devices/Nowhere/outputs/1/gain", "No device named 'Nowhere'")]
    [TestCase("/devices/Boardroom/outputs/5/gain", "outputs 1-4, not 5")]
    [TestCase("/devices/Boardroom/inputs/1/gain", "it has outputs, not inputs")]
    [TestCase("/devices/Lectern/outputs/1/gain", "it has inputs, not outputs")]
    public async Task AnUnknownDeviceOrChannel_Is404(string path, string detail)
    {
        using var response = await PutAsync(path, """{"db": -6}""");
        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(detail));
    }

    [Test]
    public async Task ADeviceThatIsNotConnected_Is409_AndNothingIsSent()
    {
        Boardroom.Faults.RefuseConnections = true;
        Boardroom.DropAllSessions();
        await WaitUntilAsync("Boardroom", d => d.Session.State != ConnectionState.Connected);
        var received = Received(Boardroom);

        using var response = await PutAsync("/devices/Boardroom/outputs/1/gain", """{"db": -6}""");
        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("Boardroom is "));
        Assert.That(Received(Boardroom), Is.EqualTo(received));
    }

    [Test]
    public async Task AValueTheDeviceRefuses_Is422()
    {
        Boardroom.Faults.RejectWhen = c => c.Kind == CommandKind.Set && c.Channel == 2;
        using var response = await PutAsync("/devices/Boardroom/outputs/2/gain", """{"db": -6}""");
        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("REP ERR"));

        using var empty = await _http.PostAsync("/devices/Boardroom/preset/9", null);
        await ProblemAsync(empty, HttpStatusCode.UnprocessableEntity);
    }

    [Test]
    public async Task ADeviceThatDoesNotAnswer_Is504()
    {
        await RestartAsync(new() { ["Shure:CommandTimeout"] = "00:00:00.300" });
        Boardroom.Faults.Silent = true;
        using var response = await PutAsync("/devices/Boardroom/outputs/1/gain", """{"db": -6}""");
        await ProblemAsync(response, HttpStatusCode.GatewayTimeout);
    }

    [Test]
    public async Task Health_IsUnhealthyWhenADeviceGoesAway_AndHealthyWhenItComesBack()
    {
        await RestartAsync(new() { ["Shure:UnhealthyAfter"] = "00:00:00" });
        using (var healthy = await _http.GetAsync("/health"))
        {
            Assert.That(healthy.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Lectern.Faults.RefuseConnections = true;
        Lectern.DropAllSessions();
        await WaitUntilAsync("Lectern", d => d.Session.State != ConnectionState.Connected);
        using (var unhealthy = await _http.GetAsync("/health"))
        {
            Assert.That(unhealthy.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            using var body = JsonDocument.Parse(await unhealthy.Content.ReadAsStringAsync());
            Assert.That(body.RootElement.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(body.RootElement.GetProperty("devices").GetProperty("shure:Lectern").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(body.RootElement.GetProperty("devices").GetProperty("shure:Boardroom").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        }

        Lectern.Faults.RefuseConnections = false;
        await WaitUntilAsync("Lectern", d => d.Session.State == ConnectionState.Connected && !d.IsStale);
        using var back = await _http.GetAsync("/health");
        Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Meters_ArriveAsServerSentEvents_AndStopWhenTheClientLeaves()
    {
        using var leave = new System.Threading.CancellationTokenSource();
        using (var response = await _http.GetAsync("/devices/Lectern/meters?rateMs=100", HttpCompletionOption.ResponseHeadersRead, leave.Token))
        {
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var events = 0;
            while (events < 3 && await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    using var reading = JsonDocument.Parse(line[6..]);
                    Assert.That(reading.RootElement.GetProperty("dbfs").GetArrayLength(), Is.EqualTo(4));
                    events++;
                }
            }

            Assert.That(events, Is.EqualTo(3));
            Assert.That(Lectern.MeterRate, Is.EqualTo(100));
            await leave.CancelAsync(); // the client goes away
        }

        // The service turns metering off once the stream is gone.
        await WaitUntilAsync("Lectern", _ => Lectern.MeterRate == 0);
    }

    [Test]
    public async Task AMeterRateOutOfRange_Is400()
    {
        using var response = await _http.GetAsync("/devices/Lectern/meters?rateMs=5");
        await ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task ARoomFile_IsComparedThenApplied_WithTheReportOfShureApply()
    {
        var room = $$"""
            { "devices": [ { "name": "Boardroom", "find": { "host": "{{_fleet.Devices[0].ControlEndPoint}}" }, "outputs": { "2": { "gainDb": -9.0, "muted": true } } } ] }
            """;
        using (var dry = await _http.PostAsync("/rooms/apply?dryRun=true", new StringContent(room, Encoding.UTF8, "application/json")))
        {
            using var report = JsonDocument.Parse(await dry.Content.ReadAsStringAsync());
            Assert.That(report.RootElement.GetProperty("dryRun").GetBoolean(), Is.True);
            var device = report.RootElement.GetProperty("devices")[0];
            Assert.That(device.GetProperty("status").GetString(), Is.EqualTo("ok"));
            Assert.That(device.GetProperty("settings").EnumerateArray().Select(s => s.GetProperty("result").GetString()), Is.All.EqualTo("would change"));
            Assert.That(Boardroom.GetGain(2), Is.EqualTo(Gain.Unity), "a dry run changes nothing");
        }

        using (var apply = await _http.PostAsync("/rooms/apply", new StringContent(room, Encoding.UTF8, "application/json")))
        {
            using var report = JsonDocument.Parse(await apply.Content.ReadAsStringAsync());
            var settings = report.RootElement.GetProperty("devices")[0].GetProperty("settings").EnumerateArray().ToList();
            Assert.That(settings.Select(s => s.GetProperty("result").GetString()), Is.All.EqualTo("changed"));
            Assert.That(settings.Single(s => s.GetProperty("path").GetString()!.EndsWith("gainDb", StringComparison.Ordinal)).GetProperty("to").GetDouble(), Is.EqualTo(-9.0));
        }

        Assert.That(Boardroom.GetGain(2), Is.EqualTo(Gain.FromDb(-9)));
        Assert.That(Boardroom.IsMuted(2), Is.True);
    }

    [Test]
    public async Task AnInvalidRoomFile_Is400_WithEachProblem()
    {
        using var response = await _http.PostAsync("/rooms/apply", new StringContent("""{ "devices": [ { "name": "X", "outputs": { "9": { "gainDb": 99 } } } ] }""", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("problems").GetArrayLength(), Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task ACommand_IsTraced_ThroughTheLibrarysActivitySource()
    {
        using var response = await PutAsync("/devices/Boardroom/outputs/1/mute", """{"muted": true}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // The command's span ends before the response is written, and the in-memory exporter takes it as it ends.
        Assert.That(_factory.Spans.ToArray().Where(s => s.Source.Name == "ShureDrivers").Select(s => s.DisplayName), Is.Not.Empty);
    }

    [Test]
    public async Task WithNoDeviceConfigured_ItPlaysTheSimulatedRoom()
    {
        await using var factory = new RoomServiceFactory(null);
        using var http = factory.CreateClient();
        var registry = factory.Services.GetRequiredService<IShureDeviceRegistry>();
        await WaitUntilAsync(registry.GetShureDevice("Boardroom"), d => d.Session.State == ConnectionState.Connected);
        using var document = JsonDocument.Parse(await http.GetStringAsync("/devices"));
        Assert.That(document.RootElement.EnumerateArray().Select(d => d.GetProperty("name").GetString()), Is.EqualTo(new[] { "Boardroom", "Lectern" }));
    }

    // ---- helpers ----

    private async Task StartAsync(Dictionary<string, string?>? settings)
    {
        if (_fleet is null)
        {
            _fleet = RoomServiceFactory.StartFleet();
            Boardroom.FrameReceiving += (_, frame) =>
            {
                if (frame.Contains(" SET ", StringComparison.Ordinal))
                {
                    System.Threading.Interlocked.Increment(ref _boardroomSets);
                }
            };
        }

        _factory = new RoomServiceFactory(_fleet, settings);
        _http = _factory.CreateClient();
        await WaitUntilAsync("Boardroom", d => d.Session.State == ConnectionState.Connected && !d.IsStale);
        await WaitUntilAsync("Lectern", d => d.Session.State == ConnectionState.Connected && !d.IsStale);
    }

    private async Task RestartAsync(Dictionary<string, string?> settings)
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        await StartAsync(settings);
    }

    private Task WaitUntilAsync(string name, Func<ShureDevice, bool> done) =>
        WaitUntilAsync(_factory.Services.GetRequiredService<IShureDeviceRegistry>().GetShureDevice(name), done);

    // Waits on the device's own events (state changes, resyncs, value changes), never on a timer; bounded.
    private static async Task WaitUntilAsync(ShureDevice device, Func<ShureDevice, bool> done)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (done(device))
            {
                reached.TrySetResult();
            }
        }

        EventHandler<ConnectionStateChangedEventArgs> onState = (_, _) => Check();
        EventHandler onSync = (_, _) => Check();
        EventHandler<DeviceChangedEventArgs> onChange = (_, _) => Check();
        device.Session.StateChanged += onState;
        device.Synchronized += onSync;
        device.Changed += onChange;
        try
        {
            Check();
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            device.Session.StateChanged -= onState;
            device.Synchronized -= onSync;
            device.Changed -= onChange;
        }
    }

    private Task<HttpResponseMessage> PutAsync(string path, string json) => _http.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    // RFC 9457: application/problem+json with the status in the body too.
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"), text);
        using var document = JsonDocument.Parse(text);
        Assert.That(document.RootElement.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        return document.RootElement.Clone();
    }

    // SETs the device received (keep-alive GETs may arrive at any time).
    private int Received(Ani4OutSimulator simulator) => simulator == Boardroom ? _boardroomSets : throw new ArgumentException("Only the Boardroom's SETs are counted.", nameof(simulator));
}
