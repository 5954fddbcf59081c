using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Simulator.Internal;

namespace ShureDrivers.Simulator;

// Following the network: when the interface address goes, nothing can be answered there; when it comes back, the
// memberships are renewed and the names probed and announced again (RFC 6762 §8.3), as after a link flap.
public sealed partial class MdnsResponder
{
    private ITimer? _rescan;
    private bool _linkPresent = true;

    private void FollowNetwork()
    {
        _transport.InterfacesChanged += OnInterfacesChanged;
        var every = _options.InterfaceRescanInterval > TimeSpan.Zero ? _options.InterfaceRescanInterval : TimeSpan.FromSeconds(5);
        _rescan = _options.TimeProvider.CreateTimer(_ => CheckLink(), null, every, every);
    }

    private void StopFollowingNetwork()
    {
        _transport.InterfacesChanged -= OnInterfacesChanged;
        _rescan?.Dispose();
    }

    private void OnInterfacesChanged(object? sender, EventArgs e) => CheckLink();

    private void CheckLink()
    {
        var nic = _links[0].Interface;
        var present = nic.IsLoopback || _transport.GetInterfaces().Any(i => i.IsIPv4 && i.Address.Equals(nic.Address));
        lock (_gate)
        {
            if (present == _linkPresent || _disposed != 0)
            {
                return;
            }

            _linkPresent = present;
            SimulatorLog.MdnsLinkChanged(_logger, nic.Address, present ? "back: probing and announcing again" : "gone");
            if (!present)
            {
                return;
            }

            foreach (var link in _links)
            {
                Rejoin(link);
            }

            if (_options.Probe)
            {
                _devices.ForEach(d => d.Established = false);
            }

            // After any probe still running, claim the names again.
            _probeLoop = _probeLoop.ContinueWith(_ => ProbeAndAnnounceAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private static void Rejoin(MdnsLink link)
    {
        try
        {
            link.Socket.LeaveMulticastGroup(link.Group.Address, link.Interface);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The interface took the membership with it.
        }

        try
        {
            link.Socket.JoinMulticastGroup(link.Group.Address, link.Interface);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Kept, or not joinable now: the next change tries again.
        }
    }
}
