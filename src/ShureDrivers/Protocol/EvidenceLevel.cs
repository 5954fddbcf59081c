namespace ShureDrivers.Protocol;

/// <summary>How well public material supports a parameter on the ANI4OUT (the reference's confidence marks).</summary>
internal enum EvidenceLevel
{
    /// <summary>A: read on Shure's own ANI4OUT command-strings page.</summary>
    Official,

    /// <summary>B: listed for ANI4OUT by two independent transcriptions; wire form confirmed in a sibling document.</summary>
    Corroborated,

    /// <summary>C: one transcription only, or the wire form is known only from a sibling document.</summary>
    Inferred,
}
