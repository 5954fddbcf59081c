using System;
using System.Diagnostics.CodeAnalysis;

namespace ShureDrivers.Internal;

/// <summary>Argument checks that netstandard2.0 lacks (<c>ArgumentNullException.ThrowIfNull</c> and friends).</summary>
internal static class Guard
{
    public static T NotNull<T>([NotNull] T? value, string parameterName)
        where T : class
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        return value;
    }

    public static int InRange(int value, int min, int max, string parameterName)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"Must be between {min} and {max}.");
        }

        return value;
    }
}
