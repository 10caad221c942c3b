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

    /// <summary>Thresholds of some batch sizes ("gapThresholdByBatchSize"); other batch sizes use <see cref="GapThreshold"/>.</summary>
    public IReadOnlyDictionary<int, double>? GapThresholdByBatchSize { get; init; }

    /// <summary>The generalization-gap threshold of the cells with <paramref name="batchSize"/>.</summary>
    public double? GapThresholdFor(int batchSize) =>
        GapThresholdByBatchSize is { } thresholds && thresholds.TryGetValue(batchSize, out var threshold) ? threshold : GapThreshold;
}
