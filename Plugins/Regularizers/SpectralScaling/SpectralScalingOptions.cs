using System.ComponentModel;
using RegBench.Abstractions;
using RegBench.Layers;

namespace RegBench.Regularizers.SpectralScaling;

/// <summary>Options of <see cref="SpectralNormScaling"/>.</summary>
public sealed record SpectralScalingOptions
{
    /// <summary>Target spectral norm σ* for every selected layer; null keeps each layer's σ₁ at initialization.</summary>
    [Description("Target spectral norm σ* for every selected layer; null = each layer's σ₁ at initialization (√(d_out/d_in) under scaled orthogonal init).")]
    [OptionRange(Minimum = 0, ExclusiveMinimum = true)]
    public double? Target { get; init; }

    /// <summary>How σ₁, u₁, v₁ are estimated each step.</summary>
    [Description("faithful: cold start from a fresh random vector, exactly maxIterations power iterations every step (the paper); adaptive: warm start from the previous step (blockSize vectors), stopped by stopRule.")]
    public SpectralScalingMode Mode { get; init; } = SpectralScalingMode.Adaptive;

    /// <summary>Adaptive mode: what ends the iteration.</summary>
    [Description("Adaptive mode: sigma = stop when σ₁'s estimate rose by ≤ sigmaTolerance·σ over the last iteration (σ converges even when σ₁ ≈ σ₂); residual = stop at ‖Wv − σu‖/σ ≤ tolerance (the vectors converge; stalls when σ₁ ≈ σ₂).")]
    public SpectralScalingStop StopRule { get; init; } = SpectralScalingStop.Sigma;

    /// <summary>Adaptive mode, σ rule: relative σ increase per iteration at which the iteration stops.</summary>
    [Description("Adaptive mode with stopRule sigma: stop when σ rose by ≤ this·σ over the last step of the block Krylov estimator (blockSize > 1; ≤ 1e-3 relative error against svdvals measured by `regbench bench --check-sigma` at the default) or power iteration (blockSize 1; docs/spectral.md). Float32: ≥ 1e-7.")]
    [OptionRange(Minimum = 0)]
    public double SigmaTolerance { get; init; } = 1e-5;

    /// <summary>Adaptive mode: vectors in the warm-started block; 1 = power iteration.</summary>
    [Description("Adaptive mode: vectors of the subspace iteration kept in the layer state (tracks the next directions, which take over after each update); 1 = power iteration warm-started from u, v (with stopRule residual: the earlier adaptive mode).")]
    [OptionRange(Minimum = 1)]
    public int BlockSize { get; init; } = 4;

    /// <summary>Which linear map of a conv layer is scaled.</summary>
    [Description("Conv layers: reshaped = the out × (in·kh·kw) kernel matrix, rank-one update (the paper); operator = the conv's exact map on the layer's input size, kernel scaled by σ*/σ_op.")]
    public ConvEstimator Estimator { get; init; } = ConvEstimator.Reshaped;

    /// <summary>Power iterations per step in faithful mode; the cap in adaptive mode.</summary>
    [Description("Power iterations: exactly this many per step in faithful mode, the cap in adaptive mode (paper: 500).")]
    [OptionRange(Minimum = 1)]
    public int MaxIterations { get; init; } = 500;

    /// <summary>Adaptive stop (residual rule): relative residual ‖Wv − σu‖/σ at or below this; also the σ₂ monitor's margin.</summary>
    [Description("Adaptive mode with stopRule residual: stop when the relative residual ‖Wv − σu‖/σ ≤ this (0 = always run maxIterations, warm-started). Also the σ₂ monitor's margin.")]
    [OptionRange(Minimum = 0)]
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Adaptive mode: stop rule checked every this many iterations (each check is one host sync).</summary>
    [Description("Adaptive mode: check the stop rule every this many iterations (each check is one host sync).")]
    [OptionRange(Minimum = 1)]
    public int CheckInterval { get; init; } = 1;

    /// <summary>Track a certified lower bound of σ₁ after the update for the sigma2 metrics (two extra products per layer and step).</summary>
    [Description("Track ‖W̄x‖ for a unit x ⊥ v₁ (a lower bound of σ₁ after the update) for the sigma2_* metrics; two extra products per layer and step.")]
    public bool MonitorSigma2 { get; init; } = true;

    /// <summary>Layers left alone: "first", "last", or name patterns with '*'.</summary>
    [Description("Layers left alone: \"first\", \"last\", or name patterns with '*' (e.g. \"block1.*\").")]
    public IReadOnlyList<string> Exclude { get; init; } = [];
}

/// <summary>How <see cref="SpectralNormScaling"/> estimates σ₁ each step.</summary>
public enum SpectralScalingMode
{
    /// <summary>As the paper: a fresh random start vector and exactly MaxIterations iterations every step (no host sync).</summary>
    Faithful,

    /// <summary>Warm start from the previous step's block; stop by <see cref="SpectralScalingOptions.StopRule"/>, capped at MaxIterations.</summary>
    Adaptive,
}

/// <summary>What ends an adaptive estimate of <see cref="SpectralNormScaling"/>.</summary>
public enum SpectralScalingStop
{
    /// <summary>σ's relative increase over the last iteration ≤ SigmaTolerance (σ converged).</summary>
    Sigma,

    /// <summary>Relative residual ‖Wv − σu‖/σ ≤ Tolerance (singular vectors converged).</summary>
    Residual,
}
