using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>
/// <see cref="BlockKrylov"/> against exact spectra (float64 svdvals), each property with a fixed replay seed: a lower bound that
/// only rises, the Ritz triple, and 1e-3 accuracy on the spectra spectral scaling makes (σ₁ ≈ σ₂ piled over a continuum).
/// Where both loops matter the property runs each case in float64 (the torch loop) and float32 (the loop without torch calls).
/// </summary>
public sealed class BlockKrylovProperties
{
    private const double Rounding = 1e-10;

    /// <summary>float64 runs the torch loop, float32 the loop without torch calls (BlockKrylov.Float32.cs).</summary>
    private static readonly ScalarType[] DTypes = [ScalarType.Float64, ScalarType.Float32];

    /// <summary>How far above σ₁ rounding may put σ̂.</summary>
    private static double RoundingOf(ScalarType dtype) => dtype == ScalarType.Float64 ? Rounding : 2e-6;

    [Property(Replay = "(20261204,1)", MaxTest = 40)]
    public Property Estimate_never_exceeds_sigma1_and_never_decreases_with_steps() =>
        Prop.ForAll(SpectrumGenerators.Any, Arb.From(Gen.Elements(1, 2, 3, 5)), (c, block) =>
        {
            using var scope = NewDisposeScope();
            var (w, _, _) = c.Build();
            var op = new MatrixOperator(w);
            double previous = 0;
            foreach (int k in new[] { 0, 1, 2, 3, 5, 8, 13 })
            {
                using var state = new PowerIterationState();
                var estimate = new BlockKrylov(block).Estimate(op, state, new PowerIterationOptions(MaxIterations: Math.Max(k, 1), Seed: c.Seed));
                double sigma = estimate.SigmaValue();
                Assert.True(TensorAssert.AllFinite(estimate.U) && TensorAssert.AllFinite(estimate.V), $"{c} block {block}: non-finite vectors");
                Assert.True(sigma <= c.Sigma1 * (1 + Rounding) + 1e-300, $"{c} block {block}: after {k} steps σ̂ = {sigma:R} > σ₁ = {c.Sigma1:R}");
                Assert.True(sigma >= previous * (1 - Rounding), $"{c} block {block}: σ̂ fell from {previous:R} to {sigma:R} at {k} steps");
                previous = sigma;
            }
        });

    [Property(Replay = "(20261205,1)", MaxTest = 40)]
    public Property Returns_unit_vectors_with_A_v_equal_to_sigma_u() =>
        Prop.ForAll(SpectrumGenerators.NonZero(SpectrumGenerators.Gap), c =>
        {
            using var scope = NewDisposeScope();
            var (w, _, _) = c.Build();
            var op = new MatrixOperator(w);
            using var state = new PowerIterationState();
            var estimate = new BlockKrylov(3).Estimate(op, state, new PowerIterationOptions(6, 1e-6, Seed: c.Seed) { Stop = StopRule.Sigma });
            double sigma = estimate.SigmaValue();
            Assert.True(TensorAssert.Norm(op.Apply(estimate.V) - estimate.Sigma * estimate.U) <= 1e-10 * c.Sigma1, $"{c}: A v ≠ σ̂ u");
            Assert.Equal(1, TensorAssert.Norm(estimate.U), 9);
            Assert.Equal(1, TensorAssert.Norm(estimate.V), 9);
            Assert.True(sigma <= c.Sigma1 * (1 + Rounding), $"{c}: σ̂ = {sigma:R} > σ₁ = {c.Sigma1:R}");
        });

    [Property(Replay = "(20261204,3)", MaxTest = 30)]
    public Property On_piled_spectra_the_sigma_stop_is_within_1e_minus_3_of_svdvals() =>
        Prop.ForAll(Arb.From(SpectrumGenerators.Piled(40, 120)), c =>
        {
            foreach (var dtype in DTypes)
            {
                using var scope = NewDisposeScope();
                var w = c.Build().W.to_type(dtype);
                double exact = linalg.svdvals(w.to_type(ScalarType.Float64))[0].item<double>();
                using var state = new PowerIterationState();
                var estimate = new BlockKrylov(4).Estimate(new MatrixOperator(w), state, new PowerIterationOptions(60, 1e-5, Seed: c.Seed) { Stop = StopRule.Sigma });
                double error = (exact - estimate.SigmaValue()) / exact;
                Assert.True(estimate.Converged, $"{c} {dtype}: not converged in {estimate.Iterations} steps");
                Assert.True(error >= -RoundingOf(dtype) && error <= 1e-3, $"{c} {dtype}: relative error {error:E3} after {estimate.Iterations} steps (cold start)");
            }
        });

    [Property(Replay = "(20261204,7)", MaxTest = 30)]
    public Property Warm_started_after_a_spectral_scaling_update_and_a_perturbation_it_stays_within_1e_minus_3() =>
        Prop.ForAll(Arb.From(SpectrumGenerators.Piled(40, 100)), Arb.From(Gen.Elements(1e-3, 1e-2, 3e-2)), (c, perturbation) =>
        {
            foreach (var dtype in DTypes)
            {
                using var scope = NewDisposeScope();
                using var generator = new Generator((ulong)c.Seed, CPU);
                var w = c.Build().W.to_type(dtype);
                using var state = new PowerIterationState();
                // τ = 1e-6: a perturbation as large as the pile's spacing can hide the new top from a two-step rise of 1e-5.
                var options = new PowerIterationOptions(60, 1e-6, Seed: c.Seed) { Stop = StopRule.Sigma };
                for (int step = 0; step < 4; step++)
                {
                    // What a training step does to the next estimate: the top direction set to the target 1, then an optimizer-like nudge.
                    var estimate = new BlockKrylov(4).Estimate(new MatrixOperator(w), state, options);
                    double exact = linalg.svdvals(w.to_type(ScalarType.Float64))[0].item<double>();
                    double error = (exact - estimate.SigmaValue()) / exact;
                    Assert.True(error >= -RoundingOf(dtype) && error <= 1e-3, $"{c} {dtype} step {step}: relative error {error:E3} after {estimate.Iterations} steps");
                    var noise = randn(w.shape, dtype, CPU, generator: generator);
                    w = w + (1 - estimate.Sigma) * estimate.U.outer(estimate.V) + noise * (perturbation / linalg.norm(noise, 2, [0, 1]));
                }
            }
        });

    [Property(Replay = "(20261204,5)", MaxTest = 30)]
    public Property A_side_of_at_most_ExactSide_is_solved_exactly() =>
        Prop.ForAll(SpectrumGenerators.Any, Arb.From(Gen.Choose(33, 80)), (c, longSide) =>
        {
            var thin = new KnownSpectrum(Math.Min(c.Rows, 16), longSide, c.Spectrum.Take(Math.Min(c.Rows, 16)).ToArray(), c.Seed, c.Kind);
            foreach (var dtype in DTypes)
            {
                using var scope = NewDisposeScope();
                var w = thin.Build().W.to_type(dtype);
                double exact = linalg.svdvals(w.to_type(ScalarType.Float64))[0].item<double>(), tolerance = dtype == ScalarType.Float64 ? 1e-9 : 1e-6;
                foreach (var matrix in new[] { w, w.t() })
                {
                    using var state = new PowerIterationState();
                    var op = new MatrixOperator(matrix);
                    var estimate = new BlockKrylov(4).Estimate(op, state, new PowerIterationOptions(1, 1e-3));
                    Assert.True(Math.Abs(estimate.SigmaValue() - exact) <= tolerance * exact, $"{thin} {dtype}: σ̂ = {estimate.SigmaValue():R}, σ₁ = {exact:R}");
                    Assert.True(TensorAssert.Norm(op.Apply(estimate.V) - estimate.Sigma * estimate.U) <= 10 * tolerance * Math.Max(exact, 1e-300) + 1e-300,
                        $"{thin} {dtype}: A v ≠ σ̂ u");
                    Assert.True(Math.Abs(TensorAssert.Norm(estimate.U) - 1) <= 10 * tolerance && Math.Abs(TensorAssert.Norm(estimate.V) - 1) <= 10 * tolerance,
                        $"{thin} {dtype}: u or v not unit");
                    Assert.Equal(0, estimate.Iterations);
                }
            }
        });

    [Theory]
    [InlineData(ScalarType.Float64, 1e-8, 12)]
    [InlineData(ScalarType.Float32, 1e-5, 5)]
    public void Residual_stop_reports_a_residual_at_or_below_the_tolerance(ScalarType dtype, double tolerance, int digits)
    {
        using var scope = NewDisposeScope();
        var c = new KnownSpectrum(60, 50, new[] { 3.0, 2.0 }.Concat(Enumerable.Range(0, 48).Select(i => 1.0 - i / 60.0)).ToArray(), 9, "gap");
        var w = c.Build().W.to_type(dtype);
        using var state = new PowerIterationState();
        var op = new MatrixOperator(w);
        var estimate = new BlockKrylov(2).Estimate(op, state, new PowerIterationOptions(100, tolerance));
        Assert.True(estimate.Converged && estimate.Residual <= tolerance, $"residual {estimate.Residual} after {estimate.Iterations} steps");
        var residual = TensorAssert.Norm(op.ApplyTranspose(estimate.U) - estimate.Sigma * estimate.V) / estimate.SigmaValue();
        Assert.True(residual <= 3 * tolerance, $"measured residual {residual}"); // float32: the vectors' own rounding
        Assert.Equal(3.0, estimate.SigmaValue(), digits);
    }

    [Fact]
    public void Options_reject_a_block_below_one_and_a_basis_below_two_blocks()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockKrylov(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockKrylov(4, maxBasis: 7));
    }
}
