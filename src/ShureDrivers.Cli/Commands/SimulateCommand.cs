using System;
using System.IO;
using System.CommandLine;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ShureDrivers.Simulator;
using ShureDrivers.Simulator.Panel;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure simulate</c>: runs simulated ANI4OUTs until Ctrl+C or until standard input closes.</summary>
internal static class SimulateCommand
{
    public static Command Create(CliConsole console)
    {
        var devices = new Option<int>("--devices", "-n") { Description = "How many devices (1-60000).", DefaultValueFactory = _ => 1 };
        devices.Validators.Add(r =>
        {
            var n = r.GetValueOrDefault<int>();
            if (n is < 1 or > Ani4OutFleet.MaxDevices)
            {
                r.AddError($"--devices must be between 1 and {Ani4OutFleet.MaxDevices}.");
            }
        });
        var model = new Option<string>("--model") { Description = "The interfaces played, comma-separated, in turn: ANI4OUT, ANI4IN, ANI4OUT-BLOCK, ANI4IN-XLR… (ANI4OUT,ANI4IN: a mixed fleet); xlr or block alone: the ANI4OUT's.", DefaultValueFactory = _ => "ANI4OUT-XLR" };
        model.Validators.Add(r =>
        {
            if (SimulatedModels.TryParse(r.GetValueOrDefault<string>(), out var problem) is null)
            {
                r.AddError(problem!);
            }
        });
        var ports = new Option<bool>("--ports") { Description = "All devices on --bind with free ports (default off on Linux, where each device gets its own 127.x address and the real ports)." };
        var controlPort = new Option<int>("--control-port") { Description = "Command-string port of every device without --ports (0: a free port each, so runs on one machine cannot collide).", DefaultValueFactory = _ => 2202 };
        var dantePort = new Option<int>("--dante-port") { Description = "Packet-bridge port of every device without --ports (0: a free port each).", DefaultValueFactory = _ => 2203 };
        foreach (var portOption in new[] { controlPort, dantePort })
        {
            portOption.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() is < 0 or > 65535)
                {
                    r.AddError($"{r.Option.Name} must be 0-65535.");
                }
            });
        }

        var bind = new Option<string>("--bind") { Description = "Address for --ports mode.", DefaultValueFactory = _ => "127.0.0.1" };
        var mdns = new Option<bool>("--mdns") { Description = "Advertise the devices over mDNS (multicast stays on --mdns-interface)." };
        var mdnsInterface = new Option<string>("--mdns-interface") { Description = "IPv4 address of the interface mDNS uses.", DefaultValueFactory = _ => "127.0.0.1" };
        var mdnsServices = new Option<string[]>("--mdns-services")
        {
            Description = "Services to advertise, comma-separated: http (the web app, as an ANI4OUT does), shure (_shure._tcp, seen on other Shure models), dante (the Dante interface's _netaudio-arc._udp, resolved by discovery through the packet bridge). Default: http, plus shure with --ports.",
            CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        mdnsServices.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string[]>()?.FirstOrDefault(v => v is not ("http" or "shure" or "dante")) is { } wrong)
            {
                r.AddError($"--mdns-services takes http, shure and dante, not '{wrong}'.");
            }
        });
        var mdnsPort = new Option<int>("--mdns-port") { Description = "mDNS port (tests may use another).", DefaultValueFactory = _ => 5353 };
        var seed = new Option<int>("--seed") { Description = "Varies MACs, serials and signals; the same seed gives the same fleet.", DefaultValueFactory = _ => 1 };
        var json = CliOptions.Json("Print one JSON document describing the devices.");
        var profile = new Option<string>("--profile")
        {
            Description = "Firmware behaviour: " + string.Join("; ", SimulatorProfile.All.Select(p => $"{p.Name} = {p.Description}")),
            DefaultValueFactory = _ => SimulatorProfile.Documented.Name,
        };
        profile.AcceptOnlyFromAmong([.. SimulatorProfile.All.Select(p => p.Name)]);
        var profileFile = new Option<FileInfo?>("--profile-file") { Description = "Firmware behaviour from a profile file (written by 'shure probe --out DIR', or from SimulatorProfile.ToJson); replaces --profile." };

        var panel = new Option<bool>("--panel") { Description = "Open the simulator panel in the browser: every device's state, meters and wire log, changed and faulted by hand (docs/panel.md). Prints its URL." };
        var panelPort = new Option<int>("--panel-port") { Description = "The panel's port (0: a free one).", DefaultValueFactory = _ => 0 };
        panelPort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--panel-port must be 0-65535.");
            }
        });
        var panelBind = new Option<string>("--panel-bind") { Description = "The panel's address; anything but loopback needs --panel-allow-remote.", DefaultValueFactory = _ => "127.0.0.1" };
        var panelAllowRemote = new Option<bool>("--panel-allow-remote") { Description = "Let the panel listen on an address other than loopback. It has no sign-in: anyone who reaches it can change and fault the devices." };

        var command = new Command("simulate", "Run simulated ANI4OUT devices (TCP command strings, packet bridge, optional mDNS) until Ctrl+C or stdin closes. Presets 1-3 hold sample settings (Speech, Music, All muted).");
        foreach (var option in new Option[] { devices, model, ports, controlPort, dantePort, bind, mdns, mdnsInterface, mdnsServices, mdnsPort, seed, profile, profileFile, panel, panelPort, panelBind, panelAllowRemote, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(bind), out var bindAddress) || !IPAddress.TryParse(parse.GetValue(mdnsInterface), out var mdnsAddress))
            {
                await console.Error.WriteLineAsync("--bind and --mdns-interface take IP addresses.");
                return ExitCodes.Usage;
            }

            if (!IPAddress.TryParse(parse.GetValue(panelBind), out var panelAddress))
            {
                await console.Error.WriteLineAsync("--panel-bind takes an IP address.");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(panel) && !IPAddress.IsLoopback(panelAddress) && !parse.GetValue(panelAllowRemote))
            {
                await console.Error.WriteLineAsync($"--panel-bind {panelAddress} is not loopback: the panel has no sign-in and anyone who reaches it can change and fault the devices. Add --panel-allow-remote if that is what you want.");
                return ExitCodes.Usage;
            }

            var usePorts = parse.GetValue(ports) || !OperatingSystem.IsLinux();
            if (parse.GetValue(mdns) && !IPAddress.IsLoopback(mdnsAddress) && !(usePorts && (bindAddress.Equals(mdnsAddress) || bindAddress.Equals(IPAddress.Any))))
            {
                // The devices' 127.10.0.k addresses cannot be reached from that link (RFC 6762 §6.2).
                await console.Error.WriteLineAsync($"--mdns-interface {mdnsAddress} is not loopback: the devices must listen on that link too. Add --ports --bind {mdnsAddress}.");
                return ExitCodes.Usage;
            }

            var firmware = SimulatorProfile.FromName(parse.GetValue(profile)!);
            if (parse.GetValue(profileFile) is { } file)
            {
                try
                {
                    firmware = SimulatorProfile.Load(file.FullName);
                }
                catch (SimulatorProfileException ex)
                {
                    await console.Error.WriteLineAsync($"{file.Name}: {ex.Message}");
                    return ExitCodes.Usage;
                }
                catch (IOException ex)
                {
                    await console.Error.WriteLineAsync($"Could not read {file.FullName}: {ex.Message}");
                    return ExitCodes.Usage;
                }
            }

            // The validator has parsed it.
            var models = SimulatedModels.TryParse(parse.GetValue(model), out _)!.Value;
            var options = new FleetOptions
            {
                DeviceCount = parse.GetValue(devices),
                Model = models.Variant,
                Families = models.Families,
                UsePorts = usePorts,
                BindAddress = bindAddress,
                ControlPort = parse.GetValue(controlPort),
                DantePort = parse.GetValue(dantePort),
                Seed = parse.GetValue(seed),
                Profile = firmware,
                Mdns = parse.GetValue(mdns) ? ResponderOptions(parse.GetValue(mdnsServices), mdnsAddress, parse.GetValue(mdnsPort), parse.GetValue(seed)) : null,
            };

            Ani4OutFleet fleet;
            try
            {
                fleet = Ani4OutFleet.Start(options);
            }
            catch (Exception ex) when (ex is SocketException or ArgumentException)
            {
                await console.Error.WriteLineAsync($"Could not start the simulator: {ex.Message}");
                return ExitCodes.Error;
            }

            await using (fleet)
            {
                // Sample presets, as if saved in the web app, so that 'shure preset HOST N' has something to recall.
                foreach (var device in fleet.Devices)
                {
                    SeedPresets(device.Simulator);
                }

                if (fleet.Mdns is not null)
                {
                    await fleet.Mdns.WhenReady.WaitAsync(cancellationToken);
                }

                await WriteDevicesAsync(console, fleet, parse.GetValue(json));
                if (fleet.Mdns is { } mdnsResponder)
                {
                    var find = IPAddress.IsLoopback(mdnsAddress) ? "--loopback" : "--interface " + mdnsAddress;
                    await console.Error.WriteLineAsync($"mDNS: {string.Join(", ", mdnsResponder.HostNames.Select(h => h + ".local"))} on {mdnsAddress}. Find them with 'shure discover {find}'; name them with 'shure status NAME.local {find}'.");
                }

                if (!usePorts && parse.GetResult(controlPort) is not { Implicit: false })
                {
                    await console.Error.WriteLineAsync("These fixed addresses (127.10.0.k:2202) are shared by everyone on this machine: for tests and CI use --ports (or --control-port 0 --dante-port 0).");
                }

                SimulatorPanel? openPanel = null;
                if (parse.GetValue(panel))
                {
                    try
                    {
                        openPanel = await fleet.StartPanelAsync(new SimulatorPanelOptions { Address = panelAddress, Port = parse.GetValue(panelPort), AllowNonLoopback = parse.GetValue(panelAllowRemote) }, cancellationToken);
                    }
                    catch (IOException ex)
                    {
                        await console.Error.WriteLineAsync($"Could not open the panel on {panelAddress}:{parse.GetValue(panelPort)}: {ex.Message}");
                        return ExitCodes.Error;
                    }

                    if (!IPAddress.IsLoopback(panelAddress))
                    {
                        await console.Error.WriteLineAsync($"WARNING: the panel listens on {panelAddress}, not loopback. It has no sign-in: anyone who reaches it can change and fault these devices.");
                    }

                    await console.Error.WriteLineAsync($"Panel: {openPanel.Url}");
                }

                await using (openPanel)
                {
                    await console.Error.WriteLineAsync("Simulating. Press Ctrl+C or close standard input to stop.");
                    await WaitForStopAsync(console, cancellationToken);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static MdnsResponderOptions ResponderOptions(string[]? services, IPAddress address, int port, int seed)
    {
        services = services is { Length: > 0 } ? services : null; // not given: the defaults
        return new()
        {
            InterfaceAddress = address,
            Port = port,
            Seed = seed,
            AdvertiseHttpService = services is null || services.Contains("http"),
            AdvertiseShureService = services is null ? null : services.Contains("shure"),
            AdvertiseDanteService = services?.Contains("dante") == true,
        };
    }

    private static void SeedPresets(Ani4OutSimulator sim)
    {
        var saved = Enumerable.Range(1, 4).Select(ch => (Gain: sim.GetGain(ch), Muted: sim.IsMuted(ch))).ToList();
        void Save(int slot, string name, double db, bool muted)
        {
            for (var ch = 1; ch <= 4; ch++)
            {
                sim.SetGain(ch, Gain.FromDb(db));
                sim.SetMuted(ch, muted);
            }

            sim.SavePreset(slot, name);
        }

        Save(1, "Speech", -6, false);
        Save(2, "Music", -12, false);
        Save(3, "All muted", 0, true);
        for (var ch = 1; ch <= 4; ch++)
        {
            sim.SetGain(ch, saved[ch - 1].Gain);
            sim.SetMuted(ch, saved[ch - 1].Muted);
        }
    }

    private static async Task WriteDevicesAsync(CliConsole console, Ani4OutFleet fleet, bool json)
    {
        var hostNames = fleet.Mdns?.HostNames;
        var rows = fleet.Devices.Select((d, i) => new
        {
            name = d.Simulator.GetValue("DEVICE_ID").Text,
            hostName = (hostNames?[i] ?? d.HostName) + ".local",
            model = d.Simulator.ModelName,
            profile = d.Simulator.Options.Profile.Name,
            mac = d.MacAddress,
            serial = d.Simulator.Options.SerialNumber,
            address = d.ControlEndPoint.Address.ToString(),
            port = d.ControlEndPoint.Port,
            dante = new { address = d.DanteEndPoint.Address.ToString(), port = d.DanteEndPoint.Port },
        }).ToList();
        if (json)
        {
            await console.Out.WriteLineAsync(JsonContract.Document("simulate", new { devices = rows }));
        }
        else
        {
            await console.Out.WriteLineAsync($"{"NAME",-18} {"MODEL",-14} {"MAC",-18} {"CONTROL",-21} DANTE");
            foreach (var (r, d) in rows.Zip(fleet.Devices))
            {
                await console.Out.WriteLineAsync($"{r.name,-18} {r.model,-14} {r.mac,-18} {d.ControlEndPoint,-21} {d.DanteEndPoint}");
            }
        }

        await console.Out.FlushAsync();
    }


    private static async Task WaitForStopAsync(CliConsole console, CancellationToken cancellationToken)
    {
        // Reading stdin to its end: a parent process stops us by closing the pipe; a user by Ctrl+D or Ctrl+C.
        var stdinClosed = Task.Run(async () =>
        {
            var buffer = new char[256];
            while (await console.In.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }, CancellationToken.None);
        try
        {
            await stdinClosed.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM.
        }
    }
}
