namespace RegBench.Spectral;

/// <summary>
/// Estimates the largest singular value σ₁ of an operator with its singular vectors, warm-started from and
/// writing back to a caller-kept state. <see cref="PowerIteration"/> implements it; a block/subspace or
/// Lanczos method can be swapped in behind the same contract without touching callers.
/// </summary>
public interface ISpectralNormEstimator
{
    /// <summary>Estimates σ₁(<paramref name="op"/>), updating <paramref name="state"/> in place; runs under no_grad.</summary>
    SpectralEstimate Estimate(ILinearOperator op, PowerIterationState state, PowerIterationOptions options);
}
