using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>How long an estimator iterates and where it starts.</summary>
/// <param name="MaxIterations">Iteration cap (one iteration = one A and one Aᵀ product); the seed study used 500.</param>
/// <param name="RelativeTolerance">
/// Adaptive stop at this tolerance τ: the relative residual r = ‖A v − σ u‖ / σ ≤ τ
/// (Aᵀu = σ v holds exactly by construction), or the last iteration's relative σ increase ≤ τ (<see cref="Stop"/>);
/// 0 runs exactly <paramref name="MaxIterations"/> iterations with no host sync and no residual.
/// </param>
/// <param name="WarmStart">Start from the state's vectors when it has them; otherwise (or when false) start from a random vector.</param>
/// <param name="CheckInterval">Measure the residual every this many iterations (each check is one host sync).</param>
/// <param name="Seed">Seed of the cold-start vector when <paramref name="Generator"/> is null (a fresh generator per cold start).</param>
/// <param name="Generator">CPU generator for the cold-start vector; null uses <paramref name="Seed"/>, never the global torch RNG.</param>
public sealed record PowerIterationOptions(
    int MaxIterations = 500,
    double RelativeTolerance = 0,
    bool WarmStart = true,
    int CheckInterval = 1,
    long Seed = 0,
    Generator? Generator = null)
{
    /// <summary>
    /// What <see cref="RelativeTolerance"/> bounds: <see cref="StopRule.Residual"/> (default, the vectors converge) or
    /// <see cref="StopRule.Sigma"/> (σ converges; stalls far less when σ₁ ≈ σ₂, see docs/spectral.md). An init property, not
    /// a constructor parameter, so code compiled against the six-parameter constructor keeps binding.
    /// </summary>
    public StopRule Stop { get; init; } = StopRule.Residual;

    /// <summary>Defaults: 500 iterations, no adaptive stop, warm start, seed 0.</summary>
    public static PowerIterationOptions Default { get; } = new();

    /// <summary>The checks every estimator makes on entry: operator and state not null, <paramref name="options"/> (default when null) in range.</summary>
    public static PowerIterationOptions ForEstimate(ILinearOperator op, PowerIterationState state, PowerIterationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(state);
        options ??= Default;
        options.Validate();
        return options;
    }

    /// <summary>Throws an actionable <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxIterations < 1)
        {
            throw new ArgumentException($"MaxIterations must be ≥ 1 (got {MaxIterations}).");
        }
        if (!(RelativeTolerance >= 0) || double.IsPositiveInfinity(RelativeTolerance))
        {
            throw new ArgumentException($"RelativeTolerance must be a finite value ≥ 0 (got {RelativeTolerance}); use 0 for a fixed iteration count.");
        }
        if (CheckInterval < 1)
        {
            throw new ArgumentException($"CheckInterval must be ≥ 1 (got {CheckInterval}).");
        }
        if (!Enum.IsDefined(Stop))
        {
            throw new ArgumentException($"Stop must be StopRule.Residual or StopRule.Sigma (got {(int)Stop}).");
        }
    }
}

/// <summary>What an estimator's adaptive stop at tolerance τ (<see cref="PowerIterationOptions.RelativeTolerance"/>) tests.</summary>
public enum StopRule
{
    /// <summary>
    /// Relative residual ‖A v − σ u‖/σ ≤ τ: the singular vectors have converged. Certifies σ to τ²/(2·gap) when σ &gt; σ₂,
    /// but stalls for thousands of iterations when σ₁ ≈ σ₂ (the vector error decays like (σ₂/σ₁)^2k).
    /// </summary>
    Residual,

    /// <summary>
    /// Relative σ increase over the last iteration σₖ − σₖ₋₁ ≤ τ·σₖ: σ has converged (σ converges even when the vectors
    /// do not). Certifies (σ₁ − σ)/σ ≤ τ·q/(1 − q), q = (σ₂/σₖ₋₁)⁴, when σₖ₋₁ &gt; σ₂; see docs/spectral.md for the gap-free case.
    /// </summary>
    Sigma,
}
