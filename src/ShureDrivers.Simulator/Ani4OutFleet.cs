using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using ShureDrivers.Internal;

namespace ShureDrivers.Simulator;

/// <summary>
/// Many simulated ANI4OUTs in one process, each with its own control MAC (Shure OUI 00:0E:DD), names, TCP
/// command-string endpoint and packet-bridge endpoint, optionally advertised over mDNS.
/// </summary>
public sealed class Ani4OutFleet : IAsyncDisposable
{
    /// <summary>Most devices in one fleet.</summary>
    public const int MaxDevices = 60_000;

    private readonly List<SimulatedDevice> _devices = [];
    private readonly List<SimulatorTcpListener> _listeners = [];
    private readonly List<PacketBridgeResponder> _bridges = [];

    private Ani4OutFleet()
    {
    }

    /// <summary>The devices, in order (index 0 is device 1).</summary>
    public IReadOnlyList<SimulatedDevice> Devices => _devices;

    /// <summary>The mDNS responder, when the fleet advertises.</summary>
    public MdnsResponder? Mdns { get; private set; }

    /// <summary>Starts a fleet. On failure (a port in use) everything started so far is stopped.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A device count outside 1..60 000.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">An endpoint cannot be bound.</exception>
    public static Ani4OutFleet Start(FleetOptions? options = null)
    {
        options ??= new FleetOptions();
        Guard.InRange(options.DeviceCount, 1, MaxDevices, nameof(options));
        if (options.Families is not { Count: > 0 } families || families.Any(f => f is not (SimulatedFamily.Ani4Out or SimulatedFamily.Ani4In)))
        {
            throw new ArgumentException("FleetOptions.Families names at least one interface, each an ANI4OUT or an ANI4IN.", nameof(options));
        }

        var fleet = new Ani4OutFleet();
        try
        {
            for (var k = 1; k <= options.DeviceCount; k++)
            {
                fleet.StartDevice(k, options);
            }

            if (options.Mdns is not null)
            {
                fleet.Mdns = MdnsResponder.Start(fleet._devices, options.Mdns);
            }

            return fleet;
        }
        catch
        {
            fleet.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>The MAC of device <paramref name="index"/> (from 1) in a fleet with <paramref name="seed"/>.</summary>
    public static byte[] MacFor(int seed, int index) =>
        [0x00, 0x0E, 0xDD, (byte)(seed & 0xFF), (byte)(index >> 8), (byte)(index & 0xFF)];

    /// <summary>Stops every device, listener, responder and the mDNS responder (which says goodbye).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Mdns is not null)
        {
            await Mdns.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var bridge in _bridges)
        {
            await bridge.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var device in _devices)
        {
            device.Simulator.Dispose();
        }
    }

    private void StartDevice(int k, FleetOptions options)
    {
        var (hi, lo) = ((k - 1) / 254, ((k - 1) % 254) + 1);
        var control = options.UsePorts ? new IPEndPoint(options.BindAddress, 0) : new IPEndPoint(IPAddress.Parse($"127.10.{hi}.{lo}"), options.ControlPort);
        var dante = options.UsePorts ? new IPEndPoint(options.BindAddress, 0) : new IPEndPoint(IPAddress.Parse($"127.20.{hi}.{lo}"), options.DantePort);
        var simOptions = new SimulatorOptions
        {
            Profile = options.Profile,
            Family = options.Families[(k - 1) % options.Families.Count],
            Model = options.Model,
            ControlMac = MacFor(options.Seed, k),
            SerialNumber = "3RG" + (options.Seed % 1000).ToString("D3", CultureInfo.InvariantCulture) + k.ToString("D5", CultureInfo.InvariantCulture),
            ControlAddress = control.Address,
            DanteAddress = dante.Address,
            Signal = SignalModel.Programme((options.Seed * 100_003) + k),
            TimeProvider = options.TimeProvider,
            LoggerFactory = options.LoggerFactory,
        };
        options.Configure?.Invoke(k, simOptions);
        var simulator = new Ani4OutSimulator(simOptions);
        var listener = SimulatorTcpListener.Start(simulator, control);
        _listeners.Add(listener);
        var danteEndPoint = dante;
        if (options.PacketBridge)
        {
            var bridge = PacketBridgeResponder.Start(simulator, dante, options.PacketBridgeTransport);
            _bridges.Add(bridge);
            danteEndPoint = bridge.LocalEndPoint;
        }

        _devices.Add(new SimulatedDevice(simulator, listener.LocalEndPoint, danteEndPoint));
    }
}
