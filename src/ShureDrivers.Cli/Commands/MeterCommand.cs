using System;
using System.CommandLine;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure meter HOST</c>: meter readings until <c>--count</c>, Ctrl+C or SIGTERM; fails when readings stop.</summary>
internal static class MeterCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("meter", "Show meter readings (dBFS per output) until --count readings or Ctrl+C; stops metering on exit. Fails (exit 3) when readings stop for --timeout or three intervals, whichever is longer.");
        var rate = new Option<int>("--rate") { Description = "Milliseconds between readings (100-99999).", DefaultValueFactory = _ => 500 };
        rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 100 or > 99999)
            {
                r.AddError("--rate must be 100 to 99999 ms.");
            }
        });
        var count = new Option<int?>("--count") { Description = "Stop after this many readings." };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--count must be at least 1.");
            }
        });
        command.Options.Add(rate);
        command.Options.Add(count);
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () => RunAsync(s.Call(parse), parse.GetValue(rate), parse.GetValue(count), ct)));
        return command;
    }

    /// <summary>
    /// Meters at <paramref name="milliseconds"/> and shows each reading until <paramref name="limit"/> readings or
    /// cancellation (then the device object sets the rate back to 0 as it closes). Readings that stop for the
    /// command timeout or three intervals, whichever is longer, are a <see cref="DeviceTimeoutException"/>.
    /// </summary>
    public static Task<int> RunAsync(DeviceCall call, int milliseconds, int? limit, CancellationToken cancellationToken) => call.RunAsync(async device =>
    {
        var silence = TimeSpan.FromMilliseconds(Math.Max(3 * milliseconds, call.Session.CommandTimeout.TotalMilliseconds));
        using var feed = await device.StartMeteringAsync(milliseconds, cancellationToken: cancellationToken);

        async Task ReadAsync(Func<MeterReading, Task> show)
        {
            for (var seen = 0; limit is not { } l || seen < l; seen++)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(silence);
                MeterReading reading;
                try
                {
                    reading = await feed.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return; // the device object sets the meter rate back to 0 as it closes
                }
                catch (OperationCanceledException)
                {
                    throw new DeviceTimeoutException($"No meter reading for {silence.TotalSeconds:0.#} s.", silence, call.Target);
                }
                catch (System.Threading.Channels.ChannelClosedException)
                {
                    throw new DeviceConnectionException("The device closed the connection while metering.", call.Target);
                }

                await show(reading);
            }
        }

        if (call.Json)
        {
            await ReadAsync(r => call.WriteJsonLineAsync("meter", new { host = call.Host, model = device.Model, time = r.Timestamp, dbfs = new[] { r[1], r[2], r[3], r[4] } }));
        }
        else if (call.Console.Terminal is { } terminal)
        {
            await MeterView.RunAsync(terminal, device, ReadAsync);
        }
        else
        {
            await ReadAsync(r => call.Console.Out.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "{0:HH:mm:ss.fff}  {1,6:0} {2,6:0} {3,6:0} {4,6:0} dBFS", r.Timestamp, r[1], r[2], r[3], r[4])));
        }

        return ExitCodes.Ok;
    }, cancellationToken);
}
