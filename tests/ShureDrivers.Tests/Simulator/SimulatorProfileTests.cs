using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using ShureDrivers.Simulator;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Simulator;

/// <summary>What each firmware profile does on the wire, byte for byte, through an in-memory session.</summary>
[CancelAfter(20_000)]
public class SimulatorProfileTests
{
    private readonly List<IDisposable> _owned = [];

    [TearDown]
    public void TearDown()
    {
        _owned.ForEach(d => d.Dispose());
        _owned.Clear();
    }

    [Test]
    public async Task Strict_AcceptsOnlyTheDocumentedSpelling_AndRejectsUndocumentedGets()
    {
        await using var client = Connect(SimulatorProfile.Strict, out _);
        Assert.That(await client.RequestAsync("< GET 1 AUDIO_MUTE >"), Is.EqualTo("< REP 1 AUDIO_MUTE OFF >"));
        Assert.That(await client.RequestAsync("< SET 1 AUDIO_GAIN_HI_RES 1035 >"), Is.EqualTo("< REP 1 AUDIO_GAIN_HI_RES 1035 >"));
        foreach (var frame in new[]
        {
            "< get 1 AUDIO_MUTE >", "<GET 1 AUDIO_MUTE>", "< GET  1 AUDIO_MUTE >", "< GET 01 AUDIO_MUTE >", "< SET 1 AUDIO_GAIN_HI_RES 35 >",
            "< GET FLASH >", "< GET METER_RATE >", "< GET 2 LIMITER_ENGAGED >", "< GET 4 LIMITER_ENGAGED >", "< SET 0 AUDIO_MUTE ON >", "< GET NONSENSE >",
        })
        {
            Assert.That(await client.RequestAsync(frame), Is.EqualTo("< REP ERR >"), frame);
        }

        Assert.That(await client.RequestAsync("< GET 3 LIMITER_ENGAGED >"), Is.EqualTo("< REP 3 LIMITER_ENGAGED OFF >"), "documented on 1 and 3");
        Assert.That(await client.RequestAsync("< SET FLASH ON >"), Is.EqualTo("< REP FLASH ON >"), "SET FLASH is documented");
    }

    [Test]
    public async Task Silent_AnswersNothingToWhatItDoesNotSupport()
    {
        await using var client = Connect(SimulatorProfile.Silent, out var sim);
        await client.SendAsync("< GET FLASH >");
        await client.SendAsync("< get 1 AUDIO_MUTE >");
        await client.SendAsync("< SET PRESET 07 >");
        Assert.That(await client.RequestAsync("< GET MODEL >"), Does.StartWith("< REP MODEL {ANI4OUT-XLR"), "the next answer is to the next supported request");
        Assert.That(sim.ReceivedFrames, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Sibling_SpellsRepliesAsOtherShureFirmwareDoes()
    {
        await using var client = Connect(SimulatorProfile.Sibling, out var sim);
        Assert.That(await client.RequestAsync("< GET 0 ALL >"), Is.EqualTo("< REP ERR >"));
        Assert.That(await client.RequestAsync("< GET 1 AUDIO_MUTE >"), Is.EqualTo("< REP 01 AUDIO_MUTE OFF >"));
        Assert.That(await client.RequestAsync("< GET PRESET4 >"), Is.EqualTo("< REP PRESET4 {empty                    } >"));
        Assert.That(await client.RequestAsync("< SET DEFAULT_SETTINGS >"), Is.EqualTo("< REP DEFAULT_SETTINGS 00 >"));
        Assert.That(await client.RequestAsync("< GET ALL >"), Does.StartWith("< REP "), "GET ALL dumps");

        await using var raw = sim.ConnectInMemory();
        await raw.WriteAsync("< GET MODEL >"u8.ToArray());
        var buffer = new byte[64];
        var text = "";
        while (!text.EndsWith('\n'))
        {
            var n = await raw.ReadAsync(buffer).AsTask().WaitAsync(TestTimeouts.Signal);
            Assert.That(n, Is.Positive);
            text += System.Text.Encoding.ASCII.GetString(buffer, 0, n);
        }

        Assert.That(text, Does.EndWith("} >\r\n"), "CR LF after every frame");
    }

    [Test]
    public void Limited_RefusesTheThirdSession()
    {
        var sim = Own(new Ani4OutSimulator(new SimulatorOptions { Profile = SimulatorProfile.Limited }));
        using var first = sim.ConnectInMemory();
        using var second = sim.ConnectInMemory();
        Assert.That(() => sim.ConnectInMemory(), Throws.InstanceOf<System.Net.Sockets.SocketException>());
        Assert.That(sim.IsAcceptingConnections, Is.False);
    }

    [Test]
    public async Task Slow_DelaysEveryReply_WithinTheSpread_AndPacesTheDump()
    {
        var time = new TestClock();
        await using var client = Connect(SimulatorProfile.Slow, out var sim, time);
        for (var request = 0; request < 5; request++)
        {
            var reply = client.RequestAsync("< GET MODEL >");
            await Wait.UntilAsync(() => time.ActiveTimerCount > 0, "the device to start its delay");
            var waited = TimeSpan.Zero;
            while (!reply.IsCompleted && waited < TimeSpan.FromMilliseconds(250))
            {
                time.Advance(TimeSpan.FromMilliseconds(5));
                waited += TimeSpan.FromMilliseconds(5);
                await Task.Delay(1);
            }

            Assert.That(await reply, Does.StartWith("< REP MODEL"));
            Assert.That(waited, Is.InRange(TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(205)), "within the 40-200 ms spread");
        }

        Assert.That(sim.Options.DumpFramePace, Is.EqualTo(TimeSpan.FromMilliseconds(10)));
    }

    [Test]
    public void ALaterOptionOverridesTheProfile_AndBadValuesAreRefused()
    {
        var options = new SimulatorOptions { Profile = SimulatorProfile.Strict, AcceptLowerCase = true };
        Assert.That(options.AcceptLowerCase, Is.True);
        Assert.That(options.StrictGrammar, Is.True);
        Assert.That(SimulatorProfile.FromName("SILENT"), Is.SameAs(SimulatorProfile.Silent));
        Assert.Throws<ArgumentException>(() => SimulatorProfile.FromName("fast"));
        Assert.Throws<ArgumentException>(() => new Ani4OutSimulator(new SimulatorOptions { FrameTerminator = "<X>" }));
        Assert.Throws<ArgumentException>(() => new Ani4OutSimulator(new SimulatorOptions { ReportedModel = "P300 } >< SET REBOOT" }));
        Assert.Throws<ArgumentException>(() => new Ani4OutSimulator(new SimulatorOptions { ReplyDelayMin = TimeSpan.FromSeconds(1), ReplyDelayMax = TimeSpan.Zero }));
    }

    [Test]
    public async Task IgnoreWhen_LeavesARequestUnanswered_OnAnyProfile()
    {
        await using var client = Connect(SimulatorProfile.Documented, out var sim);
        sim.Faults.IgnoreWhen = c => c.Name == "SERIAL_NUM";
        await client.SendAsync("< GET SERIAL_NUM >");
        Assert.That(await client.RequestAsync("< GET FW_VER >"), Does.StartWith("< REP FW_VER"));
    }

    private FrameClient Connect(SimulatorProfile profile, out Ani4OutSimulator sim, TimeProvider? time = null)
    {
        sim = Own(new Ani4OutSimulator(new SimulatorOptions { Profile = profile, TimeProvider = time ?? TimeProvider.System }));
        return new FrameClient(sim.ConnectInMemory());
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
