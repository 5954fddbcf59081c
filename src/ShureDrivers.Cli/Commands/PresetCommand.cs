using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ShureDrivers.Cli.Commands;

/// <summary><c>shure preset HOST [N]</c>: recall a preset, and show the active one and the names.</summary>
internal static class PresetCommand
{
    public static Command Create(DeviceCommandSupport s)
    {
        var command = s.NewCommand("preset", "Recall preset N (1-10), or without N show the active preset and the preset names.");
        var number = new Argument<int?>("N") { Description = "Preset 1-10.", Arity = ArgumentArity.ZeroOrOne };
        number.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 10)
            {
                r.AddError("Presets are 1 to 10.");
            }
        });
        command.Arguments.Add(number);
        command.SetAction((parse, ct) => CommandErrors.GuardAsync(s.Console, () => RunAsync(s.Call(parse), parse.GetValue(number), ct)));
        return command;
    }

    /// <summary>Recalls <paramref name="preset"/> when given, then shows the active preset and the names.</summary>
    public static Task<int> RunAsync(DeviceCall call, int? preset, CancellationToken cancellationToken) => call.RunAsync(async device =>
    {
        if (preset is { } n)
        {
            await device.RecallPresetAsync(n, cancellationToken);
        }

        var names = Enumerable.Range(1, 10).Select(i => new { preset = i, name = device.GetPresetName(i) }).ToArray();
        if (call.Json)
        {
            await call.WriteJsonAsync("preset", new { host = call.Host, model = device.Model, active = device.ActivePreset, presets = names });
        }
        else
        {
            await call.Console.Out.WriteLineAsync($"Active preset: {StatusView.Preset(device.ActivePreset)}");
            foreach (var p in names.Where(p => !string.IsNullOrEmpty(p.name)))
            {
                await call.Console.Out.WriteLineAsync($"{p.preset,2}  {p.name}");
            }
        }

        return ExitCodes.Ok;
    }, cancellationToken);
}
