using System.IO;
using System.Text.Json;
using NUnit.Framework;
using ShureDrivers.Tests.Support;

namespace ShureDrivers.Tests.Packaging;

/// <summary>A machine with only a newer .NET still runs the tool and builds the repository.</summary>
public class ToolRollForwardTests
{
    [Test]
    public void TheTool_RollsForwardToNewerMajorRuntimes()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "shure.runtimeconfig.json")));
        Assert.That(config.RootElement.GetProperty("runtimeOptions").GetProperty("rollForward").GetString(), Is.EqualTo("Major"));
    }

    [Test]
    public void GlobalJson_AcceptsANewerMajorSdk()
    {
        using var global = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "global.json")));
        Assert.That(global.RootElement.GetProperty("sdk").GetProperty("rollForward").GetString(), Is.EqualTo("latestMajor"));
    }
}
