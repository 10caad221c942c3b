using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>Power iteration on matrices of known spectrum (float64), each property with a fixed replay seed.</summary>
public sealed class PowerIterationProperties
{
    private const double Rounding = 1e-10;
    private static readonly int[] IterationCounts = [1, 2, 3, 5, 8, 13, 21];

    [Property(Replay = "(20250401,1)", MaxTest = 40)]
    public Property Estimate_never_exceeds_sigma1_and_never_decreases_with_iterations() =>
        Prop.ForAll(SpectrumGenerators.Any, c =>
        {
            using var scope = NewDisposeScope();
            var (w, _, _) = c.Build();
            var op = new MatrixOperator(w);
            double previous = 0;
            foreach (int k in IterationCounts)
            {
                using var state = new PowerIterationState();
                double sigma = PowerIteration.Run(op, state, new PowerIterationOptions(MaxIterations: k, Seed: c.Seed)).SigmaValue();
                Assert.True(sigma <= c.Sigma1 * (1 + Rounding) + 1e-300,
                    $"{c}: after {k} iterations σ̂ = {sigma:R} exceeds σ₁ = {c.Sigma1:R}");
                Assert.True(sigma >= previous * (1 - Rounding),
                    $"{c}: σ̂ decreased from {previous:R} to {sigma:R} at {k} iterations");
                previous = sigma;
            }
        });

    [Property(Replay = "(20250402,3)", MaxTest = 40)]
    public Property Error_after_k_iterations_is_within_the_rate_bound() =>
        Prop.ForAll(SpectrumGenerators.NonZero(SpectrumGenerators.Gap), c =>
        {
            using var scope = NewDisposeScope();
            var (w, _, v) = c.Build();
            var op = new MatrixOperator(w);
            using var generator = new Generator((ulong)c.Seed + 1, CPU);
            var u0 = randn([c.Rows], ScalarType.Float64, CPU, generator: generator);
            var v0 = randn([c.Cols], ScalarType.Float64, CPU, generator: generator);
            u0 /= u0.norm();
            v0 /= v0.norm();
            // c₁² = ‖P₁ v₀‖², P₁ the projector on the top right singular subspace; tan²θ₀ = (1 − c₁²)/c₁².
            double c1Squared = TensorAssert.Values(v[.., ..c.TopMultiplicity].t().mv(v0)).Sum(x => x * x);
            double tan2 = (1 - c1Squared) / c1Squared;
            double ratio = c.NextBelowTop / c.Sigma1;
            foreach (int k in IterationCounts)
            {
                using var state = new PowerIterationState(u0.clone(), v0.clone());
                double sigma = PowerIteration.Run(op, state, new PowerIterationOptions(MaxIterations: k)).SigmaValue();
                double error = (c.Sigma1 - sigma) / c.Sigma1;
                double bound = tan2 * Math.Pow(ratio, 4 * k - 2);
                Assert.True(error <= bound + Rounding,
                    $"{c}: after {k} iterations relative error {error:E3} exceeds tan²θ₀·(σ₂/σ₁)^(4k−2) = {tan2:G4}·{ratio:G6}^{4 * k - 2} = {bound:E3}");
            }
        });

    [Property(Replay = "(20250403,5)", MaxTest = 40)]
    public Property Adaptive_stop_meets_the_residual_bounds_or_reports_not_converged() =>
        Prop.ForAll(SpectrumGenerators.NonZero(SpectrumGenerators.Gap), Arb.From(Gen.Elements(1e-2, 1e-4, 1e-6, 1e-9)), (c, tolerance) =>
        {
            using var scope = NewDisposeScope();
            var (w, _, _) = c.Build();
            using var state = new PowerIterationState();
            var options = new PowerIterationOptions(MaxIterations: 300, RelativeTolerance: tolerance, Seed: c.Seed);
            var estimate = PowerIteration.Run(new MatrixOperator(w), state, options);
            double sigma = estimate.SigmaValue();
            double r = estimate.Residual;
            if (!estimate.Converged)
            {
                Assert.True(estimate.Iterations == options.MaxIterations && r > tolerance,
                    $"{c}: not converged after {estimate.Iterations} iterations with residual {r:E3} (τ = {tolerance:E1})");
                return;
            }
            Assert.True(r <= tolerance, $"{c}: converged with residual {r:E3} > τ = {tolerance:E1}");
            // Some singular value lies within rσ̂/√2 of σ̂ (residual of the augmented symmetric matrix).
            double nearest = c.Spectrum.Min(s => Math.Abs(s - sigma));
            Assert.True(nearest <= r * sigma / Math.Sqrt(2) + Rounding * c.Sigma1,
                $"{c}: σ̂ = {sigma:R} is {nearest:E3} from every singular value, above rσ̂/√2 = {r * sigma / Math.Sqrt(2):E3}");
            // Kato–Temple: if σ̂ > σ₂ then (σ₁ − σ̂)/σ̂ ≤ r²σ̂ / (2(σ̂ − σ₂)).
            double sigma2 = c.NextBelowTop;
            if (sigma > sigma2)
            {
                double error = (c.Sigma1 - sigma) / sigma;
                double bound = r * r * sigma / (2 * (sigma - sigma2));
                Assert.True(error <= bound + Rounding,
                    $"{c}: relative error {error:E3} exceeds the Kato–Temple bound r²σ̂/(2(σ̂−σ₂)) = {bound:E3} (r = {r:E3}, {estimate.Iterations} iterations)");
            }
        });

    [Property(Replay = "(20250404,7)", MaxTest = 25)]
    public Property Warm_start_after_a_small_perturbation_needs_far_fewer_iterations() =>
        Prop.ForAll(SpectrumGenerators.NonZero(Gen.Elements(1.05, 1.1, 1.5, 2.0))
            // Exactly repeated σ₁ is excluded: a perturbation splits it into a near-degenerate cluster, where neither start converges.
            .Filter(c => Math.Min(c.Rows, c.Cols) >= 4 && c.Kind != "repeated"), c =>
        {
            using var scope = NewDisposeScope();
            var (w, _, _) = c.Build();
            var options = new PowerIterationOptions(MaxIterations: 2000, RelativeTolerance: 1e-8, Seed: c.Seed);
            using var state = new PowerIterationState();
            var first = PowerIteration.Run(new MatrixOperator(w), state, options);
            using var generator = new Generator((ulong)c.Seed + 2, CPU);
            var noise = randn([c.Rows, c.Cols], ScalarType.Float64, CPU, generator: generator);
            var perturbed = w + noise * (1e-6 * c.Sigma1 / noise.norm().item<double>());
            var op = new MatrixOperator(perturbed);
            var warm = PowerIteration.Run(op, state, options);
            using var coldState = new PowerIterationState();
            var cold = PowerIteration.Run(op, coldState, options);
            Assert.True(first.Converged && warm.Converged && cold.Converged,
                $"{c}: expected convergence (first {first.Iterations}, warm {warm.Iterations}, cold {cold.Iterations} iterations)");
            Assert.True(warm.Iterations * 3 <= cold.Iterations || warm.Iterations <= 2,
                $"{c}: warm start took {warm.Iterations} iterations, cold start {cold.Iterations}; expected at most a third");
        });

    private static readonly Gen<(int M, int N, int K, bool Kernel, int Seed)> Float32Cases =
        from m in Gen.Choose(1, 70)
        from n in Gen.Choose(1, 70)
        from k in Gen.Elements(1, 2, 7, 40)
        from kernel in Gen.Elements(false, true)
        from seed in Gen.Choose(0, int.MaxValue)
        select (m, n, k, kernel, seed);

    [Property(Replay = "(20261204,1)", MaxTest = 60)]
    public Property Float32_fixed_count_on_a_matrix_or_kernel_matches_the_torch_steps() =>
        Prop.ForAll(Arb.From(Float32Cases), c =>
        {
            // A fixed count on a float32 CPU MatrixOperator or Conv2d-layout kernel runs SkinnyProducts.PowerStep; an operator the
            // fast path does not know (Opaque) runs the torch loop from the same start. Both must give the same u, v, σ.
            using var scope = NewDisposeScope();
            var generator = new Generator((ulong)c.Seed);
            ILinearOperator op = c.Kernel
                ? new ReshapedKernelOperator(randn([c.M, c.N, 1, 2], generator: generator))
                : new MatrixOperator(randn([c.M, c.N], generator: generator));
            long inputs = op.InputSize();
            var (u, v) = (randn(c.M, generator: generator), randn(inputs, generator: generator));
            var options = new PowerIterationOptions(MaxIterations: c.K);
            using var fastState = new PowerIterationState(u.clone(), v.clone());
            using var torchState = new PowerIterationState(u.clone(), v.clone());
            var fast = PowerIteration.Run(op, fastState, options);
            var reference = PowerIteration.Run(new Opaque(op), torchState, options);
            double sigma = reference.SigmaValue(), error = Math.Abs(fast.SigmaValue() - sigma) / sigma;
            Assert.True(error <= 2e-6, $"{c}: σ {fast.SigmaValue():R} against the torch loop's {sigma:R} (relative {error:E2})");
            Assert.Equal(c.K, fast.Iterations);
            Assert.True(double.IsNaN(fast.Residual) && !fast.Converged, $"{c}: a fixed count measures no residual");
            double du = (fast.U - reference.U).abs().max().item<float>(), dv = (fast.V - reference.V).abs().max().item<float>();
            Assert.True(du <= 1e-4 && dv <= 1e-4, $"{c}: u differs by {du:E2}, v by {dv:E2}");
            Assert.True((fastState.V! - fast.V).abs().max().item<float>() == 0, $"{c}: the state keeps the returned v");
        });

    [Fact]
    public void Float32_fixed_count_on_the_zero_matrix_keeps_the_start_vectors()
    {
        using var scope = NewDisposeScope();
        var (u, v) = (tensor(new[] { 0.6f, 0.8f }), tensor(new[] { 0f, 1f, 0f }));
        using var state = new PowerIterationState(u.clone(), v.clone());
        var estimate = PowerIteration.Run(new MatrixOperator(zeros(2, 3)), state, new PowerIterationOptions(MaxIterations: 3));
        Assert.Equal(0.0, estimate.SigmaValue());
        Assert.Equal(u.data<float>().ToArray(), estimate.U.data<float>().ToArray());
        Assert.Equal(v.data<float>().ToArray(), estimate.V.data<float>().ToArray());
    }

    /// <summary>The same operator behind a type the fixed-count fast path does not recognize, so the torch loop runs.</summary>
    private sealed class Opaque(ILinearOperator inner) : ILinearOperator
    {
        public long[] InputShape => inner.InputShape;
        public long[] OutputShape => inner.OutputShape;
        public ScalarType DType => inner.DType;
        public Device Device => inner.Device;
        public Tensor Apply(Tensor v) => inner.Apply(v);
        public Tensor ApplyTranspose(Tensor u) => inner.ApplyTranspose(u);
    }
}
