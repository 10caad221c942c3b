using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>The conv operator is the exact layer map: adjoint identity, PI against the dense matrix, the √(kh·kw) bound.</summary>
public sealed class ConvOperatorProperties
{
    [Property(Replay = "(20250411,1)", MaxTest = 100)]
    public Property Adjoint_satisfies_the_inner_product_identity() =>
        Prop.ForAll(ConvGenerators.Layers(), c =>
        {
            using var scope = NewDisposeScope();
            var op = c.Operator(c.Kernel());
            using var generator = new Generator((ulong)c.Seed + 1, CPU);
            var v = randn(op.InputShape, ScalarType.Float64, CPU, generator: generator);
            var u = randn(op.OutputShape, ScalarType.Float64, CPU, generator: generator);
            var av = op.Apply(v);
            var atu = op.ApplyTranspose(u);
            Assert.True(av.shape.SequenceEqual(op.OutputShape) && atu.shape.SequenceEqual(op.InputShape),
                $"{c}: A v has shape [{string.Join(", ", av.shape)}] (expected [{string.Join(", ", op.OutputShape)}]), " +
                $"Aᵀu has [{string.Join(", ", atu.shape)}] (expected [{string.Join(", ", op.InputShape)}])");
            double left = TensorAssert.Inner(av, u);
            double right = TensorAssert.Inner(v, atu);
            double scale = TensorAssert.Norm(av) * TensorAssert.Norm(u) + TensorAssert.Norm(v) * TensorAssert.Norm(atu) + 1e-300;
            Assert.True(Math.Abs(left - right) <= 1e-12 * scale, $"{c}: ⟨A v, u⟩ = {left:R} but ⟨v, Aᵀu⟩ = {right:R}");
        });

    [Property(Replay = "(20250412,3)", MaxTest = 40)]
    public Property Power_iteration_matches_the_dense_operator_sigma1() =>
        Prop.ForAll(ConvGenerators.Layers(), c =>
        {
            using var scope = NewDisposeScope();
            var op = c.Operator(c.Kernel());
            double exact = TensorAssert.Values(ExactSpectrum.SingularValues(op))[0];
            using var state = new PowerIterationState();
            var estimate = PowerIteration.Run(op, state, new PowerIterationOptions(MaxIterations: 1000, RelativeTolerance: 1e-7, Seed: c.Seed));
            double sigma = estimate.SigmaValue();
            Assert.True(Math.Abs(sigma - exact) <= 1e-4 * exact,
                $"{c}: power iteration σ = {sigma:R} vs dense σ₁ = {exact:R} (relative {Math.Abs(sigma - exact) / exact:E2}, " +
                $"{estimate.Iterations} iterations, residual {estimate.Residual:E2})");
        });

    [Property(Replay = "(20250413,5)", MaxTest = 60)]
    public Property Operator_norm_never_exceeds_sqrt_kernel_area_times_reshaped_norm() =>
        Prop.ForAll(ConvGenerators.Layers(allowTransposed: false), c =>
        {
            using var scope = NewDisposeScope();
            var kernel = c.Kernel();
            double operatorNorm = TensorAssert.Values(ExactSpectrum.SingularValues(c.Operator(kernel)))[0];
            double reshapedNorm = TensorAssert.Values(ExactSpectrum.SingularValues(MatrixView.Of(kernel)))[0];
            double bound = Math.Sqrt(c.KernelH * c.KernelW) * reshapedNorm;
            Assert.True(operatorNorm <= bound * (1 + 1e-10),
                $"{c}: ‖conv‖₂ = {operatorNorm:R} exceeds √(kh·kw)·‖reshape(K)‖₂ = {bound:R}");
        });
}
