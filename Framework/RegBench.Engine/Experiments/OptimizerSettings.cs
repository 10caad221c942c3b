using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>The optimizer of a profile: adam (seed 000: lr 1e-3), adamw, or sgd with momentum/Nesterov (seed 002).</summary>
public sealed record OptimizerSettings(string Name = "adam", double Lr = 1e-3, double Momentum = 0.9, bool Nesterov = false, double WeightDecay = 0)
{
    /// <summary>Names the trainer knows.</summary>
    public static readonly string[] Known = ExperimentFormat.Optimizers;
}
