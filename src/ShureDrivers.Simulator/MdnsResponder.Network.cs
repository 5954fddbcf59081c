using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Networking;
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
        var interfaces = _transport.GetInterfaces();

        // The address is there; or it went and the interface has another (a new lease): answer there instead.
        var moved = nic.IsLoopback || interfaces.Any(i => i.IsIPv4 && i.Address.Equals(nic.Address))
            ? null
            : interfaces.FirstOrDefault(i => i.IsIPv4 && i.Name == nic.Name && !i.IsLoopback);
        var present = nic.IsLoopback || moved is not null || interfaces.Any(i => i.IsIPv4 && i.Address.Equals(nic.Address));
        lock (_gate)
        {
            if ((present == _linkPresent && moved is null) || _disposed != 0)
            {
                return;
            }

            _linkPresent = present;
            if (moved is not null)
            {
                SimulatorLog.MdnsLinkChanged(_logger, moved.Address, $"the new address of {nic.Name} (was {nic.Address}): probing and announcing there");
                MoveTo(moved);
            }
            else
            {
                SimulatorLog.MdnsLinkChanged(_logger, nic.Address, present ? "back: probing and announcing again" : "gone");
            }

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

    // Under the gate: the IPv4 link follows the interface to its new address, and so do the records of devices
    // that listen on every address.
    private void MoveTo(NetworkInterfaceAddress nic)
    {
        try
        {
            _links[0].MoveTo(nic);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // Joined again below, or at the next change.
        }

        _devices.ForEach(d => d.MoveTo(nic.Address));
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
