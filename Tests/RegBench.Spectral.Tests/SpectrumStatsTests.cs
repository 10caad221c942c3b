namespace RegBench.Spectral.Tests;

public sealed class SpectrumStatsTests
{
    [Fact]
    public void Zero_matrix_has_all_ranks_zero_and_no_nan()
    {
        var stats = SpectrumStats.FromValues([0.0, 0.0, 0.0]);
        Assert.Equal(new SpectrumStats(0, 0, 0, 0, 0, 0, SpectrumStats.DefaultRankTolerance, 3), stats);
    }

    [Fact]
    public void Known_spectrum_gives_the_textbook_values()
    {
        var stats = SpectrumStats.FromValues([1.0, 3.0, 2.0, 0.0]);
        Assert.Equal(3.0, stats.SpectralNorm);
        Assert.Equal(Math.Sqrt(14), stats.Frobenius, 1e-12);
        Assert.Equal(6.0, stats.Nuclear);
        Assert.Equal(14.0 / 9.0, stats.StableRank, 1e-12);
        double entropy = -(1 / 6.0 * Math.Log(1 / 6.0) + 0.5 * Math.Log(0.5) + 1 / 3.0 * Math.Log(1 / 3.0));
        Assert.Equal(Math.Exp(entropy), stats.EffectiveRank, 1e-12);
        Assert.Equal(3, stats.NumericalRank);
    }

    [Fact]
    public void Numerical_rank_counts_values_above_the_relative_tolerance()
    {
        var stats = SpectrumStats.FromValues([1.0, 1e-3, 1e-7], rankTolerance: 1e-4);
        Assert.Equal(2, stats.NumericalRank);
        Assert.Equal(3, SpectrumStats.FromValues([1.0, 1e-3, 1e-7], rankTolerance: 0).NumericalRank);
        Assert.Equal(2, SpectrumStats.FromValues([1.0, 1e-3, 1e-7]).NumericalRank);
    }

    [Fact]
    public void Negative_singular_value_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => SpectrumStats.FromValues([1.0, -0.5]));
        Assert.Contains("≥ 0", error.Message);
    }
}
