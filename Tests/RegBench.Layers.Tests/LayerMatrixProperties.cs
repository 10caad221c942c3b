using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RegBench.Abstractions;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Layers.Tests;

/// <summary>The matrix view, the reshaped-kernel operator and the rank-one edit agree with their definitions, against exact SVD.</summary>
public sealed class LayerMatrixProperties
{
    [Property(Replay = "(20261203,1)", MaxTest = 60)]
    public Property Matrix_view_is_the_reshaped_kernel_and_folds_back_to_the_weight() =>
        Prop.ForAll(LayerCase.Any(), c =>
        {
            using var scope = NewDisposeScope();
            var layer = c.Build();
            var matrix = layer.AsMatrix();
            Assert.Equal([layer.Rows, layer.Columns], matrix.shape);
            Assert.True(matrix.eq(c.ExplicitMatrix(layer.Weight)).all().item<bool>(), $"{c}: view differs from the definition");
            var folded = MatrixView.Fold(matrix, layer.Weight.shape, layer.Kind == LayerKind.ConvTranspose2d);
            Assert.True(folded.eq(layer.Weight).all().item<bool>(), $"{c}: Fold(Of(W)) ≠ W");
        });

    [Property(Replay = "(20261204,1)", MaxTest = 60)]
    public Property Reshaped_operator_has_the_singular_values_of_the_matrix_view() =>
        Prop.ForAll(LayerCase.Any(), c =>
        {
            using var scope = NewDisposeScope();
            var layer = c.Build();
            var op = LayerOperator.For(layer, ConvEstimator.Reshaped);
            var fromOperator = ExactSpectrum.SingularValues(op);
            var fromView = ExactSpectrum.SingularValues(layer.AsMatrix());
            Assert.True(allclose(fromOperator, fromView, rtol: 1e-12, atol: 1e-12), $"{c}: operator σ and view σ differ");
        });

    [Property(Replay = "(20261205,1)", MaxTest = 60)]
    public Property Operator_estimator_is_the_conv_map_of_the_layer_geometry() =>
        Prop.ForAll(LayerCase.Any(), c =>
        {
            using var scope = NewDisposeScope();
            var layer = c.Build();
            var op = LayerOperator.For(layer, ConvEstimator.Operator);
            using var generator = new Generator((ulong)c.Seed + 7, CPU);
            var v = randn(op.InputShape, ScalarType.Float64, CPU, generator: generator);
            var expected = layer.Kind switch
            {
                LayerKind.Linear => layer.Weight.mv(v),
                LayerKind.Conv2d => nn.functional.conv2d(v.unsqueeze(0), layer.Weight, null, [c.Stride, c.Stride], [c.Kernel / 2, c.Kernel / 2], [1, 1], c.Groups).squeeze(0),
                _ => null,
            };
            if (expected is not null) Assert.True(allclose(op.Apply(v), expected, rtol: 1e-12, atol: 1e-12), $"{c}: A v differs from the layer's forward map");
            Assert.Equal(layer.Kind == LayerKind.Linear ? [c.In] : [c.In, c.Size, c.Size], op.InputShape);
        });

    [Property(Replay = "(20261206,1)", MaxTest = 60)]
    public Property Rank_one_edit_adds_a_bT_to_the_matrix_view_in_place() =>
        Prop.ForAll(LayerCase.Any(), Arb.From(Gen.Elements(true, false)), (c, strided) =>
        {
            using var scope = NewDisposeScope();
            var layer = c.Build();
            // A non-contiguous target (a transposed copy viewed back) takes the folded path.
            var target = strided ? layer.Weight.detach().clone().transpose(0, 1).contiguous().transpose(0, 1) : layer.Weight.detach().clone();
            var before = layer.AsMatrix(target).clone();
            using var generator = new Generator((ulong)c.Seed + 3, CPU);
            var a = randn([layer.Rows], ScalarType.Float64, CPU, generator: generator);
            var b = randn([layer.Columns], ScalarType.Float64, CPU, generator: generator);
            using (no_grad()) layer.AddOuter_(target, a, b);
            Assert.True(allclose(layer.AsMatrix(target), before + outer(a, b), rtol: 1e-12, atol: 1e-12), $"{c} strided={strided}");
        });

    [Property(Replay = "(20261207,1)", MaxTest = 40)]
    public Property Rank_one_edit_along_the_top_pair_moves_sigma1_to_the_target() =>
        Prop.ForAll(LayerCase.Any(), c =>
        {
            using var scope = NewDisposeScope();
            var layer = c.Build();
            var (u, s, vh) = linalg.svd(layer.AsMatrix(), fullMatrices: false);
            double sigma2 = s.shape[0] > 1 ? s[1].item<double>() : 0;
            double target = sigma2 + 0.5; // above σ₂, so the new σ₁ is exactly the target (Hess & Hutchison)
            using (no_grad()) layer.AddOuter_(layer.Weight, u[.., 0] * (target - s[0]), vh[0]);
            var after = ExactSpectrum.SingularValues(layer.AsMatrix().detach())[0].item<double>();
            Assert.True(Math.Abs(after - target) <= 1e-10 * target, $"{c}: σ₁ = {after:R}, target {target:R}");
        });
}
