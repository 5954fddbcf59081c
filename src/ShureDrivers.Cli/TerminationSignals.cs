using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace ShureDrivers.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM cancel the running command, which then undoes what it started (metering off, mDNS
/// goodbyes, the apply report of what finished); the tool then exits 130 or 143, as shells expect. A second signal
/// is not caught: it ends the process at once.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode;

    public TerminationSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, ExitCodes.Interrupted)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, ExitCodes.Terminated)),
        ];
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM; null when no signal came.</summary>
    public int? ExitCode => Volatile.Read(ref _exitCode) is var code and not 0 ? code : null;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context, int exitCode)
    {
        if (Interlocked.CompareExchange(ref _exitCode, exitCode, 0) == 0)
        {
            context.Cancel = true; // the first: clean up and exit on our own
            _cancel.Cancel();
        }
    }
}
