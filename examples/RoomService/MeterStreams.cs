using ShureDrivers;

namespace RoomService;

/// <summary>
/// The meter streams open on each device. A device has one meter rate: the first stream sets it, later ones share
/// it, and the last one to leave sets it back to 0, so a device does not meter for nobody.
/// </summary>
public sealed class MeterStreams
{
    private readonly Dictionary<ShureDevice, int> _open = [];

    public async Task<MeterFeed> OpenAsync(ShureDevice device, int milliseconds, CancellationToken cancellationToken)
    {
        bool first;
        lock (_open)
        {
            _open[device] = _open.GetValueOrDefault(device) + 1;
            first = _open[device] == 1;
        }

        try
        {
            return first ? await device.StartMeteringAsync(milliseconds, cancellationToken: cancellationToken) : device.OpenMeterFeed();
        }
        catch
        {
            await CloseAsync(device, feed: null);
            throw;
        }
    }

    public async Task CloseAsync(ShureDevice device, MeterFeed? feed)
    {
        feed?.Dispose();
        bool last;
        lock (_open)
        {
            last = --_open[device] == 0;
            if (last)
            {
                _open.Remove(device);
            }
        }

        if (last && device.Session.State == ConnectionState.Connected)
        {
            try
            {
                await device.SetMeterRateAsync(0);
            }
            catch (ShureDeviceException)
            {
                // Best effort: the device may be going away; it stops metering when the link drops anyway.
            }
        }
    }
}
