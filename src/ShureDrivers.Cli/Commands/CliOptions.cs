using System.CommandLine;

namespace ShureDrivers.Cli.Commands;

/// <summary>Options several commands share, each with its one rule, so a value means the same to every command.</summary>
internal static class CliOptions
{
    /// <summary>The most any <c>--timeout</c> takes: an hour.</summary>
    public const double MaxTimeoutSeconds = 3600;

    /// <summary><c>--timeout</c>: seconds, more than 0 and at most <see cref="MaxTimeoutSeconds"/>, checked while parsing.</summary>
    public static Option<double> Timeout(string description, double defaultSeconds)
    {
        var option = new Option<double>("--timeout") { Description = description, DefaultValueFactory = _ => defaultSeconds };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is var seconds && (double.IsNaN(seconds) || seconds <= 0 || seconds > MaxTimeoutSeconds))
            {
                r.AddError($"--timeout must be between 0 and {MaxTimeoutSeconds:0} seconds.");
            }
        });
        return option;
    }
}
