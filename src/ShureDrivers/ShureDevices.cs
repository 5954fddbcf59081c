using System;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Internal;
using ShureDrivers.Protocol;

namespace ShureDrivers;

/// <summary>Opens a Shure interface of whichever supported model answers at an address.</summary>
public static class ShureDevices
{
    /// <summary>
    /// Connects to <paramref name="host"/>, asks its <c>MODEL</c>, and continues on the same connection with the typed
    /// object for it: an <see cref="Ani4OutDevice"/> for an ANI4OUT, an <see cref="Ani4InDevice"/> for an ANI4IN (no
    /// second session is opened, so a device that takes one session at a time is fine). Test the result with
    /// <c>is Ani4InDevice input</c> for the model's own members. <paramref name="options"/> must leave
    /// <see cref="DeviceSessionOptions.Table"/> unset.
    /// </summary>
    /// <exception cref="ArgumentException">The host or options are invalid.</exception>
    /// <exception cref="DeviceModelMismatchException">The device is a model this library has no object for (its <c>MODEL</c> names it).</exception>
    /// <exception cref="ShureDeviceException">The device could not be reached or did not answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<ShureDevice> ConnectAsync(string host, DeviceSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DeviceSessionOptions();
        options.Validate();
        var endpoint = DefaultPortEndPoint.For(host, options.Port);
        var (model, stream) = await ModelProbe.ReadAsync(endpoint, options, cancellationToken).ConfigureAwait(false);
        var handOver = new HandOverConnector(stream, options.Connector);
        var typed = options.Clone();
        typed.Connector = handOver;
        try
        {
            if (model.StartsWith(Ani4InCommandTable.Table.Model, StringComparison.OrdinalIgnoreCase))
            {
                return await Ani4InDevice.ConnectAsync(host, typed, cancellationToken).ConfigureAwait(false);
            }

            if (model.StartsWith(Ani4OutCommandTable.Table.Model, StringComparison.OrdinalIgnoreCase))
            {
                return await Ani4OutDevice.ConnectAsync(host, typed, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            handOver.DisposeUnused();
        }

        throw new DeviceModelMismatchException(
            $"{host} is a {model}: this library has device objects for the ANI4OUT and the ANI4IN (a DeviceSession reaches any model).",
            model,
            "ANI4OUT or ANI4IN",
            host);
    }
}
