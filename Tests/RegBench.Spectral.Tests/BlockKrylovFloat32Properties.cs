using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>
/// What only <see cref="BlockKrylov"/>'s float32 CPU loop (AVX2 products, float64 small algebra without torch) must show: the
/// σ the torch loop finds on the same matrix in float64, an orthonormal block past the rank and for the zero matrix.
/// BlockKrylovProperties runs its accuracy cases in both dtypes. Tolerances are float32 rounding (~1e-6 relative).
/// </summary>
public sealed class BlockKrylovFloat32Properties
{
    [Property(Replay = "(20261206,3)", MaxTest = 30)]
    public Property The_float32_loop_finds_the_sigma_the_float64_torch_loop_finds() =>
        Prop.ForAll(SpectrumGenerators.NonZero(SpectrumGenerators.Gap), Arb.From(Gen.Elements(2, 3, 4, 5)), (c, block) =>
        {
            using var scope = NewDisposeScope();
            var thick = c with { Rows = c.Rows + 33, Cols = c.Cols + 40 }; // both sides above ExactSide: the iterative loops
            var w = thick.Build().W;
            var options = new PowerIterationOptions(40, 1e-7, Seed: c.Seed) { Stop = StopRule.Sigma };
            using var state64 = new PowerIterationState();
            using var state32 = new PowerIterationState();
            double sigma64 = new BlockKrylov(block).Estimate(new MatrixOperator(w), state64, options).SigmaValue();
            double sigma32 = new BlockKrylov(block).Estimate(new MatrixOperator(w.to_type(ScalarType.Float32)), state32, options).SigmaValue();
            Assert.True(Math.Abs(sigma32 - sigma64) <= 1e-5 * thick.Sigma1, $"{thick} block {block}: float32 σ̂ {sigma32:R}, float64 σ̂ {sigma64:R}");
        });

    [Property(Replay = "(20261206,5)", MaxTest = 30)]
    public Property Returns_A_v_equal_to_sigma_u_unit_vectors_and_an_orthonormal_block() =>
        Prop.ForAll(Arb.From(SpectrumGenerators.Piled(40, 90)), c =>
        {
            using var scope = NewDisposeScope();
            var w = c.Build().W.to_type(ScalarType.Float32);
            var op = new MatrixOperator(w);
            using var state = new PowerIterationState();
            var estimate = new BlockKrylov(4).Estimate(op, state, new PowerIterationOptions(30, 1e-5, Seed: c.Seed) { Stop = StopRule.Sigma });
            var gap = op.Apply(estimate.V) - estimate.Sigma * estimate.U;
            Assert.True(TensorAssert.Norm(gap) <= 1e-5 * c.Sigma1, $"{c}: ‖A v − σ̂ u‖ = {TensorAssert.Norm(gap):E3}");
            Assert.Equal(1, TensorAssert.Norm(estimate.U), 5);
            Assert.Equal(1, TensorAssert.Norm(estimate.V), 5);
            AssertOrthonormalRows(state.Basis!, 4, c.ToString());
        });

    [Fact]
    public void Past_the_rank_restarts_keep_the_block_orthonormal_and_sigma_exact()
    {
        using var scope = NewDisposeScope();
        // Rank 3 under a basis of up to 6 rows: the fresh directions fall inside the span and get completed; restarts every step.
        var c = new KnownSpectrum(70, 60, [2.0, 1.5, 1.0], 17, "rank3");
        var w = c.Build().W.to_type(ScalarType.Float32);
        using var state = new PowerIterationState();
        var estimate = new BlockKrylov(2, maxBasis: 6).Estimate(new MatrixOperator(w), state, new PowerIterationOptions(12, 0, Seed: 5));
        Assert.Equal(12, estimate.Iterations);
        Assert.Equal(2.0, estimate.SigmaValue(), 5);
        Assert.True(TensorAssert.AllFinite(estimate.U) && TensorAssert.AllFinite(estimate.V));
        AssertOrthonormalRows(state.Basis!, 2, c.ToString());
    }

    [Fact]
    public void The_zero_float32_matrix_gives_zero_with_unit_vectors_at_any_tolerance()
    {
        using var scope = NewDisposeScope();
        foreach (var tolerance in new[] { 0.0, 1e-6 })
        {
            using var state = new PowerIterationState();
            var estimate = new BlockKrylov(3).Estimate(new MatrixOperator(zeros(50, 40)), state, new PowerIterationOptions(5, tolerance) { Stop = StopRule.Sigma });
            Assert.Equal(0, estimate.SigmaValue());
            Assert.Equal(tolerance > 0, estimate.Converged);
            Assert.Equal(1, TensorAssert.Norm(estimate.U), 6);
            Assert.Equal(1, TensorAssert.Norm(estimate.V), 6);
            AssertOrthonormalRows(state.Basis!, 3, $"zero matrix, tolerance {tolerance}");
        }
    }

    private static void AssertOrthonormalRows(Tensor basis, int rows, string what)
    {
        Assert.Equal(rows, basis.shape[0]);
        var b = basis.to_type(ScalarType.Float64);
        var error = (b.mm(b.t()) - eye(rows, dtype: ScalarType.Float64)).abs().max().item<double>();
        Assert.True(error <= 1e-6, $"{what}: block rows off orthonormal by {error:E3}");
    }
}
