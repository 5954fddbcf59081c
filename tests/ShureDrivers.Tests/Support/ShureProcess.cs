using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Tests.Support;

/// <summary>Runs the built <c>shure</c> tool as a child process, as a script would.</summary>
public sealed class ShureProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ShureProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static ShureProcess Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "shure.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new ShureProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start shure."));
    }

    /// <summary>Reads stdout until a line equal to <paramref name="lastLine"/> (inclusive).</summary>
    public Task<string> ReadUntilLineAsync(string lastLine) => ReadUntilAsync(line => line == lastLine);

    /// <summary>Reads stdout until a line matches (inclusive).</summary>
    public async Task<string> ReadUntilAsync(Func<string, bool> last)
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Signal);
        var sb = new StringBuilder();
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException("shure ended early: " + StandardError);
            sb.AppendLine(line);
            if (last(line))
            {
                return sb.ToString();
            }
        }
    }

    public async Task<string> ReadToEndAsync()
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Signal);
        return await _process.StandardOutput.ReadToEndAsync(cts.Token);
    }

    /// <summary>Closes stdin (the tool's stop signal) and waits for the exit code.</summary>
    public async Task<int> CloseInputAndWaitAsync()
    {
        _process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TestTimeouts.Signal);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does, and waits for the exit code (Unix only).</summary>
    public Task<int> InterruptAndWaitAsync() => SignalAndWaitAsync(SigInt);

    public Task<int> TerminateAndWaitAsync() => SignalAndWaitAsync(SigTerm);

    private async Task<int> SignalAndWaitAsync(int signal)
    {
        if (kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        using var cts = new CancellationTokenSource(TestTimeouts.Signal);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private const int SigInt = 2;
    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006 // The C library's name.
    private static extern int kill(int pid, int signal);
#pragma warning restore SA1300, IDE1006
}
