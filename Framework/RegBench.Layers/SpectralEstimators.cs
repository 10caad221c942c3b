using RegBench.Spectral;

namespace RegBench.Layers;

/// <summary>
/// The estimator every <see cref="SpectralSlot"/> runs, by block size: power iteration for 1, block Krylov (block Lanczos) otherwise.
/// A host swaps in a better method (Lanczos, another block scheme) here, once at start-up, without touching plugins.
/// </summary>
public static class SpectralEstimators
{
    private static Func<int, ISpectralNormEstimator> factory = Default;

    /// <summary>Block size → estimator. Set it before training starts (it is process-wide); null restores <see cref="Default"/>.</summary>
    public static Func<int, ISpectralNormEstimator> Factory
    {
        get => factory;
        set => factory = value ?? Default;
    }

    /// <summary>The estimator for a block of <paramref name="blockSize"/> vectors (1 = a single pair u, v).</summary>
    public static ISpectralNormEstimator For(int blockSize) => factory(blockSize);

    /// <summary>
    /// RegBench's choice: <see cref="PowerIteration"/> for a block of 1, <see cref="BlockKrylov"/> otherwise (it converges where
    /// σ₁ ≈ σ₂, where <see cref="SubspaceIteration"/> and power iteration stall).
    /// </summary>
    public static ISpectralNormEstimator Default(int blockSize) =>
        blockSize <= 1 ? PowerIteration.Instance : new BlockKrylov(blockSize);
}
