using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>Summary statistics of a spectrum σ₁ ≥ σ₂ ≥ … ≥ 0 (computed in float64 on the host).</summary>
/// <param name="SpectralNorm">σ₁.</param>
/// <param name="Frobenius">‖W‖F = √Σσᵢ².</param>
/// <param name="Nuclear">‖W‖* = Σσᵢ.</param>
/// <param name="StableRank">‖W‖F²/σ₁² ∈ [1, rank]; 0 for the zero matrix.</param>
/// <param name="EffectiveRank">exp(−Σ pᵢ ln pᵢ), pᵢ = σᵢ/Σσ (Roy &amp; Vetterli 2007) ∈ [1, rank]; 0 for the zero matrix.</param>
/// <param name="NumericalRank">#{σᵢ &gt; RankTolerance·σ₁}; 0 for the zero matrix.</param>
/// <param name="RankTolerance">The relative tolerance used for <paramref name="NumericalRank"/>.</param>
/// <param name="Count">Number of singular values (min(m, n)).</param>
public sealed record SpectrumStats(
    double SpectralNorm,
    double Frobenius,
    double Nuclear,
    double StableRank,
    double EffectiveRank,
    int NumericalRank,
    double RankTolerance,
    int Count)
{
    /// <summary>
    /// Default relative rank tolerance, 1e-6: about max(m, n)·ε for float32 weights of width ~10, and the same
    /// for every layer and dtype so numerical ranks compare across layers and epochs.
    /// </summary>
    public const double DefaultRankTolerance = 1e-6;

    /// <summary>Statistics of <paramref name="singularValues"/> (any order, any float dtype/device; a host sync).</summary>
    public static SpectrumStats From(Tensor singularValues, double? rankTolerance = null)
    {
        ArgumentNullException.ThrowIfNull(singularValues);
        using var host = singularValues.detach().to_type(ScalarType.Float64).cpu().flatten();
        return FromValues(host.data<double>().ToArray(), rankTolerance);
    }

    /// <summary>Statistics of <paramref name="singularValues"/> given as doubles (any order).</summary>
    public static SpectrumStats FromValues(IReadOnlyList<double> singularValues, double? rankTolerance = null)
    {
        ArgumentNullException.ThrowIfNull(singularValues);
        double tolerance = rankTolerance ?? DefaultRankTolerance;
        if (!(tolerance >= 0))
        {
            throw new ArgumentException($"Rank tolerance must be ≥ 0 (got {tolerance}).", nameof(rankTolerance));
        }
        if (singularValues.Any(s => s < 0))
        {
            throw new ArgumentException($"Singular values must be ≥ 0; got {singularValues.Min()}.", nameof(singularValues));
        }
        double sigma1 = singularValues.Count == 0 ? 0 : singularValues.Max();
        double sumSquares = singularValues.Sum(s => s * s);
        double nuclear = singularValues.Sum();
        if (!(sigma1 > 0))
        {
            // Zero matrix (or NaN input): no direction carries energy, so every rank is 0.
            return new SpectrumStats(sigma1, Math.Sqrt(sumSquares), nuclear, sigma1 == 0 ? 0 : double.NaN,
                sigma1 == 0 ? 0 : double.NaN, 0, tolerance, singularValues.Count);
        }
        // Scale by σ₁ before squaring so huge or tiny spectra neither overflow nor underflow.
        double stableRank = singularValues.Sum(s => (s / sigma1) * (s / sigma1));
        double entropy = 0;
        foreach (var s in singularValues)
        {
            double p = s / nuclear;
            if (p > 0)
            {
                entropy -= p * Math.Log(p);
            }
        }
        int numericalRank = singularValues.Count(s => s > tolerance * sigma1);
        return new SpectrumStats(sigma1, Math.Sqrt(sumSquares), nuclear, stableRank, Math.Exp(entropy), numericalRank, tolerance,
            singularValues.Count);
    }
}
