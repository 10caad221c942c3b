using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>
/// The σ stopping rule (<see cref="StopRule.Sigma"/>) and <see cref="SubspaceIteration"/> against exact spectra (float64),
/// each property with a fixed replay seed. The bounds are those of docs/spectral.md ("σ stopping rule", "Subspace iteration").
/// </summary>
public sealed class SigmaStopAndSubspaceProperties
{
    private const double Rounding = 1e-10;

    /// <summary>The estimators under test: power iteration and subspace iteration with blocks of 1, 2 and 4.</summary>
    private static readonly Gen<ISpectralNormEstimator> Estimators =
        Gen.Elements<ISpectralNormEstimator>(PowerIteration.Instance, new SubspaceIteration(1), new SubspaceIteration(2), new SubspaceIteration(4));

    /// <summary>
    /// Cluster bound of the σ-stop at τ, for every split level s &lt; σ̂ₖ₋₁: σ̂ ≥ σ_C − τσ̂·q/(1 − q), q = (s/σ̂ₖ₋₁)⁴, σ_C the smallest
    /// singular value above s. σ̂ₖ₋₁ ≥ σ̂(1 − τ) is all the caller knows of the previous estimate, so q is taken with that.
    /// </summary>
    private static void AssertClusterBounds(KnownSpectrum c, double sigma, double tolerance, string what)
    {
        double previous = sigma * (1 - tolerance);
        foreach (double s in c.Spectrum.Distinct().Where(s => s < previous))
        {
            double q = Math.Pow(s / previous, 4);
            double clusterFloor = c.Spectrum.Where(x => x > s).Min();
            double slack = tolerance * sigma * q / (1 - q);
            Assert.True(sigma >= clusterFloor - slack - Rounding * c.Sigma1,
                $"{c} {what}: σ̂ = {sigma:R} lies {clusterFloor - sigma:E3} below the cluster above s = {s:G6} (floor {clusterFloor:R}), " +
                $"more than τσ̂q/(1−q) = {slack:E3}");
        }
    }

    [Property(Replay = "(20250601,1)", MaxTest = 60)]
    public Property Sigma_stop_meets_the_gap_and_cluster_bounds_or_reports_not_converged() =>
        Prop.ForAll(SpectrumGenerators.NonZero(SpectrumGenerators.Gap), Arb.From(Gen.Elements(1e-3, 1e-5, 1e-7, 1e-9)), Arb.From(Estimators),
            (c, tolerance, estimator) =>
            {
                using var scope = NewDisposeScope();
                var (w, _, _) = c.Build();
                using var state = new PowerIterationState();
                var options = new PowerIterationOptions(MaxIterations: 400, RelativeTolerance: tolerance, Seed: c.Seed) { Stop = StopRule.Sigma };
                var estimate = estimator.Estimate(new MatrixOperator(w), state, options);
                double sigma = estimate.SigmaValue();
                string what = $"{estimator.GetType().Name}{(estimator is SubspaceIteration s ? $"({s.BlockSize})" : "")} τ={tolerance:E0} k={estimate.Iterations}";
                Assert.True(sigma <= c.Sigma1 * (1 + Rounding), $"{c} {what}: σ̂ = {sigma:R} exceeds σ₁ = {c.Sigma1:R}");
                Assert.True(double.IsFinite(estimate.Residual), $"{c} {what}: the σ rule still reports the residual, got {estimate.Residual}");
                if (!estimate.Converged)
                {
                    Assert.Equal(options.MaxIterations, estimate.Iterations);
                    return;
                }
                AssertClusterBounds(c, sigma, tolerance, what);
            });

    [Property(Replay = "(20250602,3)", MaxTest = 30)]
    public Property On_a_tight_top_cluster_the_sigma_stop_stops_early_inside_it_while_the_residual_stop_stalls() =>
        Prop.ForAll(Arb.From(
                from side in Gen.Choose(24, 96)
                from clusterSize in Gen.Choose(2, 4)
                from width in Gen.Elements(1e-6, 1e-5, 1e-4)
                from seed in Gen.Choose(0, int.MaxValue)
                select new KnownSpectrum(side, side, Clustered(side, clusterSize, width, separation: 1.1), seed, $"cluster{clusterSize}±{width:E0}")),
            c =>
            {
                // Inside a cluster of relative width w, σ still rises by about 8w²·sin²θ per iteration: τ = 1e-7 ≥ 8w² lets it stop.
                const double tau = 1e-7;
                using var scope = NewDisposeScope();
                var (w, _, _) = c.Build();
                var op = new MatrixOperator(w);
                using var sigmaState = new PowerIterationState();
                var bySigma = PowerIteration.Run(op, sigmaState, new PowerIterationOptions(500, tau, Seed: c.Seed) { Stop = StopRule.Sigma });
                double sigma = bySigma.SigmaValue();
                Assert.True(bySigma.Converged && bySigma.Iterations <= 150,
                    $"{c}: the σ rule took {bySigma.Iterations} iterations (converged: {bySigma.Converged})");
                AssertClusterBounds(c, sigma, tau, "σ rule");
                // The cluster is 1.1× above the rest, so σ̂ sits inside it: within its width of σ₁, plus τq/(1 − q).
                double width = (c.Sigma1 - c.Spectrum.Where(s => s > c.Sigma1 / 1.05).Min()) / c.Sigma1;
                double q = Math.Pow(1 / (1.1 * (1 - tau) * (1 - width)), 4);
                Assert.True((c.Sigma1 - sigma) / c.Sigma1 <= width + tau * q / (1 - q) + Rounding, $"{c}: σ̂ = {sigma:R} is not inside the top cluster");
                // The residual rule at the same budget: the vectors cannot converge inside the cluster.
                using var residualState = new PowerIterationState();
                var byResidual = PowerIteration.Run(op, residualState, new PowerIterationOptions(150, 1e-9, Seed: c.Seed));
                Assert.False(byResidual.Converged, $"{c}: the residual rule converged in {byResidual.Iterations} iterations; the case is not a stall");
            });

    [Property(Replay = "(20250603,5)", MaxTest = 30)]
    public Property Subspace_sigma1_matches_svdvals_on_clustered_spectra_in_few_iterations() =>
        Prop.ForAll(Arb.From(
                from side in Gen.Choose(16, 96)
                from clusterSize in Gen.Choose(2, 3)
                from width in Gen.Elements(1e-3, 1e-2, 3e-2)
                from seed in Gen.Choose(0, int.MaxValue)
                select new KnownSpectrum(side, side + 7, Clustered(side, clusterSize, width, separation: 2.0), seed, $"cluster{clusterSize}±{width:E0}")),
            c =>
            {
                using var scope = NewDisposeScope();
                var (w, _, _) = c.Build();
                var op = new MatrixOperator(w);
                double exact = linalg.svdvals(w)[0].item<double>();
                // Block 4 ≥ cluster + 1: the Ritz value converges at (σ₄/σ₁)⁴ ≤ 2⁻⁴ per iteration whatever the cluster width.
                using var state = new PowerIterationState();
                var estimate = new SubspaceIteration(4).Estimate(op, state, new PowerIterationOptions(500, 1e-10, Seed: c.Seed) { Stop = StopRule.Sigma });
                double sigma = estimate.SigmaValue();
                Assert.True(estimate.Converged && estimate.Iterations <= 25, $"{c}: block 4 took {estimate.Iterations} iterations (converged: {estimate.Converged})");
                Assert.True(sigma <= exact * (1 + Rounding) && (exact - sigma) / exact <= 1e-9, $"{c}: block 4 σ̂ = {sigma:R}, svdvals σ₁ = {exact:R}");
                // Aᵀu = σ̂ v exactly (the triple spectral scaling's post-condition argument needs), u and v unit.
                var atu = op.ApplyTranspose(estimate.U);
                Assert.True(TensorAssert.Norm(atu - estimate.Sigma * estimate.V) <= 1e-12 * exact, $"{c}: Aᵀu ≠ σ̂v");
                Assert.True(Math.Abs(TensorAssert.Norm(estimate.U) - 1) <= 1e-12 && Math.Abs(TensorAssert.Norm(estimate.V) - 1) <= 1e-12, $"{c}: u, v not unit");
                // Power iteration with the residual rule, same budget: it cannot separate σ₁ from the cluster.
                using var piState = new PowerIterationState();
                var pi = PowerIteration.Run(op, piState, new PowerIterationOptions(25, 1e-10, Seed: c.Seed));
                Assert.False(pi.Converged, $"{c}: power iteration converged in {pi.Iterations}; the case does not separate the methods");
            });

    [Property(Replay = "(20250604,7)", MaxTest = 40)]
    public Property Subspace_estimate_never_exceeds_sigma1_and_never_decreases_with_iterations() =>
        Prop.ForAll(SpectrumGenerators.Any, Arb.From(Gen.Elements(1, 2, 3, 5)), (c, block) =>
        {
            using var scope = NewDisposeScope();
            var (w, _, _) = c.Build();
            var op = new MatrixOperator(w);
            double previous = 0;
            foreach (int k in new[] { 1, 2, 3, 5, 8, 13 })
            {
                using var state = new PowerIterationState();
                var estimate = new SubspaceIteration(block).Estimate(op, state, new PowerIterationOptions(MaxIterations: k, Seed: c.Seed));
                double sigma = estimate.SigmaValue();
                Assert.True(TensorAssert.AllFinite(estimate.U) && TensorAssert.AllFinite(estimate.V), $"{c} block {block}: non-finite vectors");
                Assert.True(sigma <= c.Sigma1 * (1 + Rounding) + 1e-300, $"{c} block {block}: after {k} iterations σ̂ = {sigma:R} > σ₁ = {c.Sigma1:R}");
                Assert.True(sigma >= previous * (1 - Rounding), $"{c} block {block}: σ̂ decreased from {previous:R} to {sigma:R} at {k} iterations");
                previous = sigma;
            }
        });

    [Fact]
    public void Subspace_warm_start_keeps_the_block_and_finds_the_new_top_after_a_spectral_scaling_update_where_power_iteration_cannot()
    {
        using var scope = NewDisposeScope();
        // σ = (2, 1.9, 1, …): scaling the top direction down to σ* = 1.5 (one spectral-scaling step) makes the old σ₂ the top.
        var spectrum = new[] { 2.0, 1.9 }.Concat(Enumerable.Repeat(1.0, 30)).ToArray();
        var c = new KnownSpectrum(40, 32, spectrum, 17, "swap");
        var (w, _, _) = c.Build();
        using var state = new PowerIterationState();
        var options = new PowerIterationOptions(500, 1e-9, Seed: 3) { Stop = StopRule.Sigma };
        var first = new SubspaceIteration(4).Estimate(new MatrixOperator(w), state, options);
        Assert.True(first.Converged);
        Assert.Equal(2.0, first.SigmaValue(), 9);
        Assert.Equal([4L, 32L], state.Basis!.shape);
        var updated = w + (1.5 - first.Sigma) * first.U.outer(first.V);
        var warm = new SubspaceIteration(4).Estimate(new MatrixOperator(updated), state, options);
        Assert.Equal(1.9, warm.SigmaValue(), 8);
        Assert.True(warm.Iterations <= 3, $"warm block: {warm.Iterations} iterations");
        // The old top vector is now an exact singular vector (σ = 1.5) with no component along the new top: power iteration
        // warm-started there stays there and any local stop (σ or residual) accepts it. The block holds the next directions.
        using var piState = new PowerIterationState(first.U.clone(), first.V.clone());
        var pi = PowerIteration.Run(new MatrixOperator(updated), piState, options);
        Assert.Equal(1.5, pi.SigmaValue(), 6);
    }

    [Fact]
    public void Options_reject_an_undefined_stop_rule()
    {
        var error = Assert.Throws<ArgumentException>(() => new PowerIterationOptions { Stop = (StopRule)7 }.Validate());
        Assert.Contains("Stop", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SubspaceIteration(0));
    }

    /// <summary>A top cluster of <paramref name="size"/> values spread over relative <paramref name="width"/> below σ₁ = 1, the rest ≤ 1/separation.</summary>
    private static double[] Clustered(int rank, int size, double width, double separation) =>
        Enumerable.Range(0, rank)
            .Select(i => i < size ? 1.0 - width * i / Math.Max(size - 1, 1) : (1.0 / separation) * (1.0 - 0.5 * (i - size) / rank))
            .ToArray();
}
