using System;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>Opens a Shure interface of whichever supported model answers at an address.</summary>
public static class ShureDevices
{
    /// <summary>
    /// Asks the device at <paramref name="host"/> for its <c>MODEL</c> on a plain session, then connects the typed
    /// object for it: an <see cref="Ani4OutDevice"/> for an ANI4OUT, an <see cref="Ani4InDevice"/> for an ANI4IN
    /// (one extra connection, closed at once). Test the result with <c>is Ani4InDevice input</c> for the model's own
    /// members. <paramref name="options"/> must leave <see cref="DeviceSessionOptions.Table"/> unset.
    /// </summary>
    /// <exception cref="ArgumentException">The host or options are invalid.</exception>
    /// <exception cref="DeviceModelMismatchException">The device is a model this library has no object for (its <c>MODEL</c> names it).</exception>
    /// <exception cref="ShureDeviceException">The device could not be reached or did not answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<ShureDevice> ConnectAsync(string host, DeviceSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = await ReadModelAsync(host, options, cancellationToken).ConfigureAwait(false);
        if (model.StartsWith(Ani4InCommandTable.Table.Model, StringComparison.OrdinalIgnoreCase))
        {
            return await Ani4InDevice.ConnectAsync(host, options, cancellationToken).ConfigureAwait(false);
        }

        if (model.StartsWith(Ani4OutCommandTable.Table.Model, StringComparison.OrdinalIgnoreCase))
        {
            return await Ani4OutDevice.ConnectAsync(host, options, cancellationToken).ConfigureAwait(false);
        }

        throw new DeviceModelMismatchException(
            $"{host} is a {model}: this library has device objects for the ANI4OUT and the ANI4IN (a DeviceSession reaches any model).",
            model,
            "ANI4OUT or ANI4IN",
            host);
    }

    // MODEL on a plain session: no resync, no reconnects, closed at once.
    private static async Task<string> ReadModelAsync(string host, DeviceSessionOptions? options, CancellationToken cancellationToken)
    {
        var probe = (options ?? new DeviceSessionOptions()).Clone();
        probe.AutoReconnect = false;
        probe.KeepAliveInterval = TimeSpan.Zero;
        var session = new DeviceSession(host, probe);
        try
        {
            await session.StartAsync(cancellationToken).ConfigureAwait(false);
            var reply = await session.QueryAsync(CommandString.Get(ShureParameters.Model), cancellationToken).ConfigureAwait(false);
            return reply.Value.Text?.Trim() ?? string.Empty;
        }
        catch (DeviceTimeoutException ex) when (session.FramesOnCurrentLink == 0)
        {
            // As a device object's resync says it (DeviceSynchronizer): silence is not a slow device.
            throw new DeviceTimeoutException(
                $"{session.EndPoint} accepts connections but answers no command strings: no frame arrived in {probe.CommandTimeout.TotalSeconds:0.#} s to GET MODEL. Is it a Shure device on its control port?",
                probe.CommandTimeout,
                session.EndPoint,
                ex);
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
