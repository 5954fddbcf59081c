using System;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>
/// One analog output of an <see cref="Ani4OutDevice"/> (channel 1..4): what every channel has
/// (<see cref="ShureChannel"/>), and the output level.
/// </summary>
/// <remarks>Safe to use from any thread; <see cref="ShureChannel.PropertyChanged"/> is raised on the session's event thread.</remarks>
public sealed class Ani4OutOutput : ShureChannel
{
    internal Ani4OutOutput(ShureDevice device, int channel)
        : base(device, channel)
    {
    }

    /// <summary>The analog output level.</summary>
    public OutputLevel? Level => Device.Token(Ani4OutParameters.AudioOutputLevelSwitch, Channel) switch
    {
        "LINE_LVL" => OutputLevel.Line,
        "AUX_LVL" => OutputLevel.Aux,
        "MIC_LVL" => OutputLevel.Mic,
        _ => null,
    };

    private protected override string Noun => "Output";

    /// <summary>Sets the analog output level.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined level.</exception>
    public async Task SetLevelAsync(OutputLevel level, CancellationToken cancellationToken = default)
    {
        var token = level switch
        {
            OutputLevel.Line => "LINE_LVL",
            OutputLevel.Aux => "AUX_LVL",
            OutputLevel.Mic => "MIC_LVL",
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Line, Aux or Mic."),
        };
        await Device.Session.QueryAsync(CommandString.Set(Channel, Ani4OutParameters.AudioOutputLevelSwitch, CommandValue.FromToken(token)), cancellationToken).ConfigureAwait(false);
    }

    internal override string? PropertyFor(string parameter) =>
        parameter == Ani4OutParameters.AudioOutputLevelSwitch ? nameof(Level) : base.PropertyFor(parameter);
}
