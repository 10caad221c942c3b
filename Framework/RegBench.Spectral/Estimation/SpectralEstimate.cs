using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>
/// Result of a σ₁ estimate: tensors in the caller's dispose scope (independent of the state's), plus
/// iteration count and convergence report.
/// </summary>
/// <param name="Sigma">0-d tensor σ = ‖Aᵀu‖ = uᵀA v, a lower bound on σ₁ (up to rounding); use it in tensor code to avoid a host sync.</param>
/// <param name="U">Unit left singular vector estimate (operator output shape).</param>
/// <param name="V">Unit right singular vector estimate (operator input shape); Aᵀu = σ v.</param>
/// <param name="Iterations">Iterations performed (A·Aᵀ pairs).</param>
/// <param name="Residual">Relative residual ‖A v − σ u‖/σ of the returned triple; NaN when not measured (RelativeTolerance = 0).</param>
/// <param name="Converged">True only when the residual was measured and was ≤ RelativeTolerance.</param>
public sealed record SpectralEstimate(Tensor Sigma, Tensor U, Tensor V, int Iterations, double Residual, bool Converged) : IDisposable
{
    /// <summary>
    /// Block estimators only: the second Ritz vector w₂ (unit, operator input shape, ⊥ the top Ritz vector) of the last
    /// iteration, or null. With <see cref="SecondImage"/> it bounds σ₂ from below, ‖A w₂‖ ≤ σ₂ + (error of the top pair), at no extra product.
    /// </summary>
    public Tensor? SecondDirection { get; init; }

    /// <summary>A w₂ (operator output shape) for <see cref="SecondDirection"/>, or null.</summary>
    public Tensor? SecondImage { get; init; }

    /// <summary>σ as a double (a host sync: keep it out of the training hot path).</summary>
    public double SigmaValue() => Sigma.to_type(ScalarType.Float64).item<double>();

    /// <summary>Disposes <see cref="Sigma"/>, <see cref="U"/>, <see cref="V"/> and the second Ritz pair.</summary>
    public void Dispose()
    {
        Sigma.Dispose();
        U.Dispose();
        V.Dispose();
        SecondDirection?.Dispose();
        SecondImage?.Dispose();
    }
}
