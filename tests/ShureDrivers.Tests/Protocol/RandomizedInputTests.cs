using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NUnit.Framework;
using ShureDrivers.Protocol;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Protocol;

/// <summary>
/// Random and mutated input for the framer and the parser: nothing may throw, no frame may exceed the cap, and the
/// bytes held back between reads stay bounded. Seeds are fixed so a failure reproduces.
/// </summary>
public class RandomizedInputTests
{
    private const int Cap = 128;

    private static readonly string[] Seeds =
    [
        "< REP 1 CHAN_NAME {Output 1                       } >",
        "< REP 1 AUDIO_GAIN_HI_RES 1035 >",
        "< SAMPLE 000 012 060 045 >",
        "< REP PRESET3 {A > B                    } >",
        "< REP ERR >",
        "< SET 1 AUDIO_GAIN_HI_RES INC 5 >",
        "< GET 01 PEQ 02 >",
        "< REP CONTROL_MAC_ADDR 00:0E:DD:53:99:E0 >",
        "\r\n< REP METER_RATE 00100 >\r\n",
    ];

    private static readonly byte[] Interesting = Encoding.ASCII.GetBytes("<>{} \r\n0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_:+/.-\t\0");

    [Test]
    public void FramerAndParser_100000RandomAndMutatedInputs_NeverThrowAndStayBounded()
    {
        var random = new Random(20261122);
        var parser = CommandStringParser.Ani4Out;
        var framer = new CommandStringFramer(Cap);
        var harness = new FramerHarness(framer);
        Span<int> levels = stackalloc int[8];
        var parsedFrames = 0;
        const int Inputs = 100_000;

        for (var n = 0; n < Inputs; n++)
        {
            var input = n % 4 == 0 ? RandomBytes(random) : Mutate(random, Encoding.ASCII.GetBytes(Seeds[random.Next(Seeds.Length)]));

            // Whole input through the parsers, as if it were one frame.
            _ = parser.TryParse(input, out _);
            _ = CommandStringParser.TryParseSample(input, levels, out _);

            // Through the framer in random chunks, as a socket would deliver it.
            var framesBefore = harness.Frames.Count;
            foreach (var chunk in Chunks(random, input))
            {
                harness.Feed(chunk);
            }

            for (var i = framesBefore; i < harness.Frames.Count; i++)
            {
                if (parser.TryParse(harness.Frames[i], out var command))
                {
                    parsedFrames++;
                    _ = Ani4OutCommandTable.Table.TryValidate(command, out _);
                    try
                    {
                        CommandStringFormatter.Ani4Out.Format(command);
                    }
                    catch (ArgumentException)
                    {
                        // Refusing to re-send a hostile value is the formatter's job.
                    }
                }
            }

            if (harness.Frames.Count > 1000)
            {
                harness.Frames.Clear();
            }
        }

        Assert.That(harness.MaxFrame, Is.LessThanOrEqualTo(Cap), "no frame exceeds the cap");
        Assert.That(harness.MaxPending, Is.LessThanOrEqualTo(Cap), "the framer never holds back more than one capped frame");
        Assert.That(parsedFrames, Is.GreaterThan(Inputs / 10), "the mutations still produce plenty of parseable frames");
        Assert.That(framer.DroppedByteCount, Is.GreaterThan(0));
    }

    [Test]
    public void Framer_EndlessInputWithoutClosingBracket_HoldsAtMostTheCap()
    {
        var harness = new FramerHarness(new CommandStringFramer(Cap));
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var chunk = new byte[random.Next(1, 300)];
            random.NextBytes(chunk);
            for (var j = 0; j < chunk.Length; j++)
            {
                if (chunk[j] == (byte)'>')
                {
                    chunk[j] = (byte)'x';
                }
            }

            harness.Feed(chunk);
            Assert.That(harness.Pending, Is.LessThanOrEqualTo(Cap));
        }

        Assert.That(harness.Frames, Is.Empty);
    }

    [Test]
    public void FormatThenParse_RandomValidCommandsForEveryParameter_RoundTrip()
    {
        var random = new Random(42);
        var table = Ani4OutCommandTable.Table;
        var count = 0;
        for (var round = 0; round < 200; round++)
        {
            foreach (var p in table.Parameters)
            {
                foreach (var command in RandomValidCommands(random, p))
                {
                    Assert.That(table.TryValidate(command, out var error), Is.True, $"{command}: {error}");
                    var wire = CommandStringFormatter.Ani4Out.Format(command);
                    Assert.That(CommandStringParser.Ani4Out.Parse(wire), Is.EqualTo(command), wire);
                    count++;
                }
            }
        }

        var sample = CommandString.Sample(Enumerable.Range(0, 4).Select(_ => random.Next(0, 61)).ToArray());
        Assert.That(CommandStringParser.Ani4Out.Parse(CommandStringFormatter.Ani4Out.Format(sample)), Is.EqualTo(sample));
        Assert.That(count, Is.GreaterThan(10_000));
    }

    private static IEnumerable<CommandString> RandomValidCommands(Random random, ParameterDefinition p)
    {
        int Channel(ValueRange? r) => r is { } v ? random.Next(v.Min, v.Max + 1) : 0;
        int? Index(ValueRange? r) => r is { } v ? random.Next(v.Min, v.Max + 1) : null;
        CommandString Make(CommandKind kind, ValueRange? channels, ValueRange? indexes, CommandValue value)
        {
            var channel = p.Scope == ParameterScope.Channel ? Channel(kind == CommandKind.Report ? new ValueRange(1, 4) : channels) : (int?)null;
            var index = kind == CommandKind.Report && indexes is not null ? random.Next(1, 5) : Index(indexes);
            return (kind, channel, index) switch
            {
                (CommandKind.Get, null, _) => CommandString.Get(p.Name),
                (CommandKind.Get, int c, null) => CommandString.Get(c, p.Name),
                (CommandKind.Get, int c, int i) => CommandString.Get(c, p.Name, i),
                (CommandKind.Set, null, _) => value.IsNone ? CommandString.Set(p.Name) : CommandString.Set(p.Name, value),
                (CommandKind.Set, int c, null) => CommandString.Set(c, p.Name, value),
                (CommandKind.Set, int c, int i) => CommandString.Set(c, p.Name, i, value),
                (_, null, _) => CommandString.Report(p.Name, value),
                (_, int c, null) => CommandString.Report(c, p.Name, value),
                (_, int c, int i) => CommandString.Report(c, p.Name, i, value),
            };
        }

        CommandValue Value(bool forSet) => p.ValueKind switch
        {
            ParameterValueKind.Number => CommandValue.FromNumber(forSet && p.SetRange is { } s ? random.Next(s.Min, s.Max + 1) : random.Next(p.Range!.Value.Min, p.Range.Value.Max + 1)),
            ParameterValueKind.Switch => CommandValue.FromSwitch(random.Next(2) == 0),
            ParameterValueKind.Enumeration => CommandValue.FromToken(p.Tokens[random.Next(p.Tokens.Count)]),
            ParameterValueKind.Token => CommandValue.FromToken(random.Next(2) == 0 ? "ON" : "FLASHING"),
            ParameterValueKind.MacAddress => CommandValue.FromToken(string.Join(":", Enumerable.Range(0, 6).Select(_ => random.Next(256).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))),
            ParameterValueKind.Text => CommandValue.FromText(RandomText(random, p.Width)),
            _ => CommandValue.None,
        };

        if ((p.Access & ParameterAccess.Get) != 0)
        {
            yield return Make(CommandKind.Get, p.GetChannels, p.GetIndexes, CommandValue.None);
        }

        if ((p.Access & ParameterAccess.Set) != 0)
        {
            yield return Make(CommandKind.Set, p.SetChannels, p.SetIndexes, Value(forSet: true));
        }

        if ((p.Access & ParameterAccess.IncrementDecrement) != 0)
        {
            var step = random.Next(p.StepRange!.Value.Min, p.StepRange.Value.Max + 1);
            var channel = Channel(p.SetChannels);
            yield return random.Next(2) == 0 ? CommandString.Increment(channel, p.Name, step) : CommandString.Decrement(channel, p.Name, step);
        }

        if ((p.Access & ParameterAccess.Toggle) != 0)
        {
            yield return CommandString.Toggle(Channel(p.SetChannels), p.Name);
        }

        if (p.HasReply && p.ValueKind is not (ParameterValueKind.None or ParameterValueKind.Dump))
        {
            yield return Make(CommandKind.Report, p.GetChannels, p.GetIndexes, Value(forSet: false));
        }
    }

    private static string RandomText(Random random, int width)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,:;!?()[]#@&'\"/\\|*+=^~`$%";
        var length = random.Next(0, width + 1);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        // Trailing spaces are padding on the wire, so a text never ends in one.
        return new string(chars).TrimEnd();
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 400)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = random.Next(3) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var mutations = random.Next(0, 5);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, random.Next(1, 40))));
                    break;
                case 4:
                    bytes.InsertRange(at, Enumerable.Repeat((byte)random.Next(256), random.Next(1, 200)));
                    break;
                default:
                    bytes[at] = (byte)random.Next(256);
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static IEnumerable<byte[]> Chunks(Random random, byte[] input)
    {
        var i = 0;
        while (i < input.Length)
        {
            var length = Math.Min(input.Length - i, random.Next(4) == 0 ? random.Next(1, 600) : random.Next(1, 64));
            yield return input[i..(i + length)];
            i += length;
        }
    }
}
