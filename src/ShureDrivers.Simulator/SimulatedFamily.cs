namespace ShureDrivers.Simulator;

/// <summary>Which Shure interface a simulator plays; <see cref="SimulatorOptions.Model"/> picks its variant (XLR or BLOCK).</summary>
public enum SimulatedFamily
{
    /// <summary>An ANI4OUT: four analog outputs from Dante.</summary>
    Ani4Out,

    /// <summary>An ANI4IN: four analog inputs to Dante, with preamp gain, phantom power and (BLOCK) mic logic.</summary>
    Ani4In,
}
