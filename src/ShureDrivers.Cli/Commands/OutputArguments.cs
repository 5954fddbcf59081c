using System.CommandLine;

namespace ShureDrivers.Cli.Commands;

/// <summary>The channel-number argument of the channel commands (an output, or an ANI4IN's input), with its one rule.</summary>
internal static class OutputArguments
{
    /// <summary>Checked while parsing: a wrong output exits 2 before any connection.</summary>
    public static Argument<int> Channel()
    {
        var channel = new Argument<int>("CHANNEL") { Description = "Output 1-4 (input on an ANI4IN)." };
        channel.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 4)
            {
                r.AddError($"Output {r.GetValueOrDefault<int>()} does not exist: outputs (an ANI4IN's inputs) are 1-4.");
            }
        });
        return channel;
    }
}
