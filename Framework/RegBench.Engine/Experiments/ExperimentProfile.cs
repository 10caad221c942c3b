using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>A named profile after defaults are applied: the axes of its matrix and the training settings.</summary>
public sealed record ExperimentProfile(
    string Name,
    IReadOnlyList<PluginChoice> Datasets,
    IReadOnlyList<PluginChoice> Architectures,
    IReadOnlyList<PluginChoice> Regularizers,
    IReadOnlyList<long> Seeds,
    IReadOnlyList<int> BatchSizes,
    int Epochs,
    OptimizerSettings Optimizer,
    ScheduleSettings Schedule,
    string Init = "default",
    double? GapThreshold = null,
    int SpectrumEvery = 10)
{
    /// <summary>Initializations the engine applies to every factory-made layer: TorchSharp's, or orthogonal × √(d_out/d_in).</summary>
    public static readonly string[] Inits = ExperimentFormat.Inits;
}
