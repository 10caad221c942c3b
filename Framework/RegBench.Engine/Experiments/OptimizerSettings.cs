using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>
/// The optimizer of a profile: adam (seed 000: lr 1e-3), adamw, or sgd with momentum/Nesterov (seed 002);
/// <see cref="LrByBatchSize"/> gives some batch sizes their own rate (Yoshida &amp; Miyato: 0.01 at 64, 0.1 at 4096).
/// </summary>
public sealed record OptimizerSettings(string Name = "adam", double Lr = 1e-3, double Momentum = 0.9, bool Nesterov = false, double WeightDecay = 0,
    IReadOnlyDictionary<int, double>? LrByBatchSize = null)
{
    /// <summary>The optimizer one cell trains with: <see cref="Lr"/> resolved for <paramref name="batchSize"/>, no per-batch map.</summary>
    public OptimizerSettings ForBatchSize(int batchSize) =>
        this with { Lr = LrByBatchSize is { } rates && rates.TryGetValue(batchSize, out var lr) ? lr : Lr, LrByBatchSize = null };

    /// <summary>Names the trainer knows.</summary>
    public static readonly string[] Known = ExperimentFormat.Optimizers;
}
