using System.Reflection;
using System.Runtime.Versioning;
using NUnit.Framework;
using ShureDrivers.Simulator;

namespace ShureDrivers.Tests.Packaging;

/// <summary>Which build of the libraries this run loaded: the second CI run must exercise the netstandard2.0 one.</summary>
public class LibraryBuildTests
{
#if SHURE_LIBRARY_NETSTANDARD2_0
    private const string Expected = ".NETStandard,Version=v2.0";
#else
    private const string Expected = ".NETCoreApp,Version=v10.0";
#endif

    [Test]
    public void CoreAndSimulator_AreTheBuildThisRunTargets()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TargetOf(typeof(DeviceSession).Assembly), Is.EqualTo(Expected));
            Assert.That(TargetOf(typeof(Ani4OutSimulator).Assembly), Is.EqualTo(Expected));
        });
    }

    private static string? TargetOf(Assembly assembly) => assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
}
