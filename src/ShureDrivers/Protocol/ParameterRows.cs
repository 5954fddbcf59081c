namespace ShureDrivers.Protocol;

/// <summary>Row shapes every command table uses alike.</summary>
internal static class ParameterRows
{
    /// <summary>A device-level, read-only text of at most <paramref name="width"/> characters.</summary>
    public static ParameterDefinition Text(string name, int width, EvidenceLevel evidence = EvidenceLevel.Corroborated, bool pushed = false, int minimumFirmwareMajor = 1) => new()
    {
        Name = name,
        Scope = ParameterScope.Device,
        ValueKind = ParameterValueKind.Text,
        Access = ParameterAccess.Get,
        Width = width,
        Evidence = evidence,
        Pushed = pushed,
        MinimumFirmwareMajor = minimumFirmwareMajor,
    };
}
