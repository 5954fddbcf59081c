using System;
using System.IO;

namespace ShureDrivers.Tests.Support;

/// <summary>The repository's root: the nearest folder above the test binaries that holds ShureDrivers.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ShureDrivers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ShureDrivers.sln not found above " + AppContext.BaseDirectory);
    }
}
