using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

/// <summary>What a watcher of the simulator sees (the panel is built on it): frames in wire order, who is connected, a preset recalled as the web app.</summary>
[CancelAfter(20_000)]
public class SimulatorObservationTests
{
    private readonly List<IAsyncDisposable> _clients = [];
    private Ani4OutSimulator _sim = null!;

    [SetUp]
    public void SetUp() => _sim = new Ani4OutSimulator(new SimulatorOptions { TimeProvider = new FakeTimeProvider() });

    [TearDown]
    public async Task TearDown()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _clients.Clear();
        _sim.Dispose();
    }

    [Test]
    public async Task FrameReceivingAndFrameSent_LogTheWireInOrder_OncePerFrame()
    {
        var log = new ConcurrentQueue<string>();
        _sim.FrameReceiving += (_, text) => log.Enqueue("in " + text);
        _sim.FrameSent += (_, text) => log.Enqueue("out " + text);
        var a = Connect();
        var b = Connect();

        Assert.That(await a.RequestAsync("< SET 1 AUDIO_MUTE ON >"), Is.EqualTo("< REP 1 AUDIO_MUTE ON >"));
        Assert.That(await b.NextAsync(), Is.EqualTo("< REP 1 AUDIO_MUTE ON >"));
        Assert.That(await a.RequestAsync("< GET 2 AUDIO_MUTE >"), Is.EqualTo("< REP 2 AUDIO_MUTE OFF >"));
        Assert.That(await a.RequestAsync("< SET 9 AUDIO_MUTE ON >"), Is.EqualTo("< REP ERR >"));
        _sim.SetGain(3, Gain.FromDb(-6));
        Assert.That(await b.NextAsync(), Is.EqualTo("< REP 3 AUDIO_GAIN_HI_RES 1040 >"));

        // A report to two sessions is one frame sent; a received frame comes before what it caused.
        Assert.That(log.ToArray(), Is.EqualTo(new[]
        {
            "in < SET 1 AUDIO_MUTE ON >", "out < REP 1 AUDIO_MUTE ON >",
            "in < GET 2 AUDIO_MUTE >", "out < REP 2 AUDIO_MUTE OFF >",
            "in < SET 9 AUDIO_MUTE ON >", "out < REP ERR >",
            "out < REP 3 AUDIO_GAIN_HI_RES 1040 >",
        }));
    }

    [Test]
    public async Task Controllers_NameEachOpenSession()
    {
        Assert.That(_sim.Controllers, Is.Empty);
        var a = Connect();
        await a.RequestAsync("< GET MODEL >");
        await using var tcp = SimulatorTcpListener.Start(_sim);
        using var socket = new System.Net.Sockets.TcpClient(System.Net.Sockets.AddressFamily.InterNetwork);
        await socket.ConnectAsync(tcp.LocalEndPoint.Address, tcp.LocalEndPoint.Port);
        // A reply over TCP means the session is open.
        await using var tcpClient = new FrameClient(socket.GetStream());
        Assert.That(await tcpClient.RequestAsync("< GET MODEL >"), Does.StartWith("< REP MODEL"));

        Assert.That(_sim.Controllers, Is.EqualTo(new[] { "in-memory", socket.Client.LocalEndPoint!.ToString() }));
    }

    [Test]
    public async Task RecallPreset_AppliesItAsTheWebAppWould_AndAnEmptySlotChangesNothing()
    {
        _sim.SetGain(1, Gain.FromDb(-20));
        _sim.SavePreset(4, "Quiet");
        _sim.SetGain(1, Gain.Unity);
        var a = Connect();
        await a.RequestAsync("< GET MODEL >");

        var ex = Assert.Throws<InvalidOperationException>(() => _sim.RecallPreset(5));
        Assert.That(ex!.Message, Does.Contain("empty"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _sim.RecallPreset(11));
        Assert.That(_sim.ActivePreset, Is.Zero);

        _sim.RecallPreset(4);
        Assert.That(_sim.GetGain(1), Is.EqualTo(Gain.FromDb(-20)));
        Assert.That(_sim.ActivePreset, Is.EqualTo(4));
        // Every session hears each value that changed, then the preset (ReportChangesOnPresetRecall, on by default).
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP 1 AUDIO_GAIN_HI_RES 0900 >"));
        Assert.That(await a.NextAsync(), Is.EqualTo("< REP PRESET 04 >"));
    }

    private FrameClient Connect()
    {
        var client = new FrameClient(_sim.ConnectInMemory());
        _clients.Add(client);
        return client;
    }
}
