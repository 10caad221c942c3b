using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>Rank measures lie in their ranges and do not change when the matrix is scaled.</summary>
public sealed class SpectrumStatsProperties
{
    private static readonly Arbitrary<KnownSpectrum> NonZero = SpectrumGenerators.NonZero(SpectrumGenerators.Gap);

    [Property(Replay = "(20250431,1)", MaxTest = 60)]
    public Property Stable_and_effective_rank_lie_between_one_and_the_rank() =>
        Prop.ForAll(NonZero, c =>
        {
            using var scope = NewDisposeScope();
            var (w, _, _) = c.Build();
            var stats = SpectrumStats.From(ExactSpectrum.SingularValues(w));
            int rank = c.Spectrum.Count(s => s > 0);
            Assert.True(stats.NumericalRank == rank, $"{c}: numerical rank {stats.NumericalRank}, built with rank {rank}");
            Assert.True(stats.StableRank >= 1 - 1e-9 && stats.StableRank <= rank + 1e-9, $"{c}: stable rank {stats.StableRank:R} outside [1, {rank}]");
            Assert.True(stats.EffectiveRank >= 1 - 1e-9 && stats.EffectiveRank <= rank + 1e-9,
                $"{c}: effective rank {stats.EffectiveRank:R} outside [1, {rank}] (≤ min(m, n) = {Math.Min(c.Rows, c.Cols)})");
            Assert.True(Math.Abs(stats.SpectralNorm - c.Sigma1) <= 1e-9 * c.Sigma1, $"{c}: σ₁ {stats.SpectralNorm:R} vs built {c.Sigma1:R}");
        });

    [Property(Replay = "(20250432,3)", MaxTest = 60)]
    public Property Rank_measures_are_invariant_under_scaling() =>
        Prop.ForAll(NonZero, Arb.From(Gen.Elements(1e-6, 0.37, 3.0, 1e5)), (c, factor) =>
        {
            var original = SpectrumStats.FromValues(c.Spectrum);
            var scaled = SpectrumStats.FromValues(c.Spectrum.Select(s => s * factor).ToArray());
            Assert.True(Math.Abs(original.StableRank - scaled.StableRank) <= 1e-12 * original.StableRank,
                $"{c}: stable rank {original.StableRank:R} becomes {scaled.StableRank:R} after scaling by {factor}");
            Assert.True(Math.Abs(original.EffectiveRank - scaled.EffectiveRank) <= 1e-12 * original.EffectiveRank,
                $"{c}: effective rank {original.EffectiveRank:R} becomes {scaled.EffectiveRank:R} after scaling by {factor}");
            Assert.True(original.NumericalRank == scaled.NumericalRank, $"{c}: numerical rank changes under scaling by {factor}");
        });
}
