using System;
using System.Collections.Generic;
using ShureDrivers.Protocol;

namespace ShureDrivers.Internal;

/// <summary>
/// Every value a model's GETs can name, one key each (channels 1..n, indexes from 1), in table order: what a device
/// object tracks and what a firmware profile lists. Linked into the simulator, which sees only the core's public API.
/// </summary>
internal static class GetKeys
{
    public static IEnumerable<ParameterKey> Of(CommandTable table, Func<ParameterDefinition, bool> include)
    {
        foreach (var p in table.Parameters)
        {
            if ((p.Access & ParameterAccess.Get) == 0 || p.ValueKind == ParameterValueKind.Dump || !include(p))
            {
                continue;
            }

            if (p.Scope == ParameterScope.Device)
            {
                yield return new ParameterKey(p.Name);
                continue;
            }

            for (var ch = 1; ch <= table.ChannelCount; ch++)
            {
                if (p.GetIndexes is { } indexes)
                {
                    for (var i = Math.Max(1, indexes.Min); i <= indexes.Max; i++)
                    {
                        yield return new ParameterKey(p.Name, ch, i);
                    }
                }
                else
                {
                    yield return new ParameterKey(p.Name, ch);
                }
            }
        }
    }
}
