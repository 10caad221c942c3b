using RegBench.Abstractions;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Regularizers.SpectralScaling;

/// <summary>
/// Counts steps where the rank-one update could not bring σ₁ to the target. For any unit x, ‖W̄x‖ ≤ σ₁(W̄) for the updated
/// W̄ = W + c·u₁v₁ᵀ, so ‖W̄x‖ &gt; σ*(1 + τ) certifies σ₁(W̄) &gt; σ* — in exact arithmetic exactly the paper's case σ₂ &gt; σ*
/// when x is the second singular vector. With a block estimate x is its second Ritz vector w₂ and W̄w₂ = A w₂ + c(v₁·w₂)u₁
/// comes from the estimate (no product); otherwise x ⊥ v₁ is tracked by one power iteration per step on the deflated map
/// W(I − v₁v₁ᵀ), warm-started from the layer state (two products). Either way the count is a lower bound of the true one
/// (no false positives). Counters stay on the device until <see cref="Collect"/>.
/// </summary>
internal sealed class Sigma2Monitor(RegularizedLayer layer, long seed) : IDisposable
{
    /// <summary>Layer-state name of the tracked unit vector x ⊥ v₁ (no block estimate).</summary>
    public const string XState = SpectralNormScaling.Name + ".v2";

    private Tensor? above;
    private Tensor? ratioSum;
    private int steps;

    /// <summary>Measures ‖W̄x‖ against <paramref name="target"/>·(1 + <paramref name="margin"/>) for the update just made with <paramref name="estimate"/> (no host sync).</summary>
    public void Observe(ILinearOperator op, SpectralEstimate estimate, Tensor target, double margin)
    {
        var image = estimate is { SecondDirection: { } w2, SecondImage: { } aw2 }
            ? aw2 + (target - estimate.Sigma) * (estimate.V * w2).sum() * estimate.U
            : TrackedImage(op, estimate.V);
        var lowerBound = linalg.vector_norm(image).to_type(ScalarType.Float64);
        var targetValue = target.to_type(ScalarType.Float64);
        above = Accumulate(above, (lowerBound > targetValue * (1 + margin)).to_type(ScalarType.Float64));
        ratioSum = Accumulate(ratioSum, where(targetValue > 0, lowerBound / targetValue, zeros_like(lowerBound)));
        steps++;
    }

    /// <summary>W̄x = Wx for the tracked unit x ⊥ v₁, then x ← one power step of the deflated map (kept in the layer state).</summary>
    private Tensor TrackedImage(ILinearOperator op, Tensor v)
    {
        var start = layer.State.Get(XState) ?? Start(op);
        var x = Unit(Orthogonal(start, v), zeros_like(start));
        var wx = op.Apply(x);
        SpectralScalingLayer.Store(layer.State, XState, Unit(Orthogonal(op.ApplyTranspose(wx), v), x));
        return wx;
    }

    /// <summary>Steps observed, steps certified above target, and the sum of ‖W̄x‖/σ* since the last call; resets (one host sync).</summary>
    public (int Steps, double Above, double RatioSum) Collect()
    {
        using var scope = NewDisposeScope(); // in-place ops return new handles
        var result = (steps, above?.item<double>() ?? 0, ratioSum?.item<double>() ?? 0);
        above?.zero_();
        ratioSum?.zero_();
        steps = 0;
        return result;
    }

    /// <summary>Frees the device counters.</summary>
    public void Dispose()
    {
        above?.Dispose();
        ratioSum?.Dispose();
    }

    private static Tensor Orthogonal(Tensor x, Tensor v) => x - v * (x * v).sum();

    /// <summary>x/‖x‖, or <paramref name="fallback"/> when x = 0 (a one-column matrix has no complement: x stays 0, ‖W̄x‖ = 0).</summary>
    private static Tensor Unit(Tensor x, Tensor fallback)
    {
        var norm = linalg.vector_norm(x);
        return where(norm > 0, x / norm, fallback);
    }

    private Tensor Start(ILinearOperator op)
    {
        using var generator = new Generator(unchecked((ulong)seed), CPU);
        return randn(op.InputShape, ScalarType.Float64, CPU, generator: generator).to(op.DType, op.Device);
    }

    private static Tensor Accumulate(Tensor? sum, Tensor value)
    {
        if (sum is null) return value.clone().DetachFromDisposeScope();
        sum.add_(value);
        return sum;
    }
}
