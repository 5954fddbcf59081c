namespace ShureDrivers.Cli;

/// <summary>The tool's exit codes, stable for scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something went wrong that is none of the below (a port in use, an I/O error).</summary>
    public const int Error = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>A device did not answer or could not be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>A device rejected a command (REP ERR).</summary>
    public const int Rejected = 4;

    /// <summary><c>apply</c>: a setting failed (the device was reached).</summary>
    public const int SettingFailed = 5;

    /// <summary>The device answered, but is another model (its MODEL does not start with ANI4OUT).</summary>
    public const int WrongModel = 6;

    /// <summary>Stopped by Ctrl+C (SIGINT), after undoing what the command started: 128 + 2.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM, after undoing what the command started: 128 + 15.</summary>
    public const int Terminated = 143;
}
