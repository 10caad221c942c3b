using static TorchSharp.torch;

namespace RegBench.Abstractions;

/// <summary>What a regularizer sees when attached: the layers it regularizes, whether state was restored, and the seed.</summary>
/// <param name="Layers">The weight layers this regularizer applies to (after its include/exclude options).</param>
/// <param name="Resumed">True when layer state was restored from a checkpoint (keep it; do not re-initialize).</param>
/// <param name="Seed">The cell's seed, for power-iteration start vectors and the like.</param>
public sealed record RegularizationContext(IReadOnlyList<RegularizedLayer> Layers, bool Resumed, long Seed)
{
    /// <summary>The optimizer's current learning rate (it follows the schedule); null outside the engine, e.g. in unit tests.</summary>
    public Func<double>? LearningRate { get; init; }

    /// <summary>
    /// The torch device the cell trains on (the `--device` choice): the layers' weights, batches and optimizer state are already there.
    /// Create state and per-step tensors on it (the same as <c>layer.Weight.device</c>); CPU outside the engine.
    /// </summary>
    public Device Device { get; init; } = CPU;
}
