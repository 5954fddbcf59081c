using System;
using System.Collections.Generic;
using System.IO;

namespace ShureDrivers.Simulator.Panel.Internal;

/// <summary>The page, its script and its styles, read once from the assembly's embedded resources (never from disk).</summary>
internal static class PanelAssets
{
    private static readonly Lazy<IReadOnlyDictionary<string, (byte[] Body, string ContentType)>> All = new(Load);

    /// <summary>The asset served at <paramref name="path"/> (<c>/</c>, <c>/panel.js</c>, <c>/panel.css</c>), or false.</summary>
    public static bool TryGet(string path, out byte[] body, out string contentType)
    {
        if (All.Value.TryGetValue(path, out var asset))
        {
            (body, contentType) = asset;
            return true;
        }

        body = [];
        contentType = string.Empty;
        return false;
    }

    private static Dictionary<string, (byte[] Body, string ContentType)> Load()
    {
        var assembly = typeof(PanelAssets).Assembly;
        (byte[], string) Read(string name, string type)
        {
            using var stream = assembly.GetManifestResourceStream("panel/" + name) ?? throw new InvalidOperationException($"The panel's {name} is not embedded in {assembly.GetName().Name}.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (copy.ToArray(), type);
        }

        return new Dictionary<string, (byte[], string)>(StringComparer.Ordinal)
        {
            ["/"] = Read("index.html", "text/html; charset=utf-8"),
            ["/panel.js"] = Read("panel.js", "text/javascript; charset=utf-8"),
            ["/panel.css"] = Read("panel.css", "text/css; charset=utf-8"),
        };
    }
}
