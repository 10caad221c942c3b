using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>
/// <see cref="SkinnyProducts"/> against float64 products: every shape the loops split differently (rows and columns that are
/// not multiples of their unroll, blocks that are not multiples of four), and the inputs it must leave to torch.
/// </summary>
public sealed class SkinnyProductsProperties
{
    private static readonly Gen<(int M, int N, int B, int Seed)> Shapes =
        from m in Gen.Choose(1, 70)
        from n in Gen.Choose(1, 70)
        from b in Gen.Choose(1, 9)
        from seed in Gen.Choose(0, int.MaxValue)
        select (m, n, b, seed);

    [Property(Replay = "(20261206,1)", MaxTest = 60)]
    public Property Rows_equal_the_float64_product_to_float32_rounding() =>
        Prop.ForAll(Arb.From(Shapes), c => CheckAgainstFloat64(c, columns: false));

    [Property(Replay = "(20261207,1)", MaxTest = 60)]
    public Property Columns_equal_the_float64_product_to_float32_rounding() =>
        Prop.ForAll(Arb.From(Shapes), c => CheckAgainstFloat64(c, columns: true));

    [Property(Replay = "(20261208,1)", MaxTest = 60)]
    public Property Power_step_equals_the_two_mat_vec_step_to_float32_rounding() =>
        Prop.ForAll(Arb.From(Shapes), c =>
        {
            using var scope = NewDisposeScope();
            var generator = new Generator((ulong)c.Seed);
            var w = randn([c.M, c.N], generator: generator);
            var u = randn(c.M, generator: generator);
            var v = randn(c.N, generator: generator);
            v.div_(linalg.vector_norm(v));
            var (w64, v64) = (w.to_type(ScalarType.Float64), v.to_type(ScalarType.Float64));
            var image = w64.mv(v64);
            var expectedU = image / linalg.vector_norm(image).clamp_min(1e-12);
            var transposed = w64.t().mv(expectedU);
            var expectedV = transposed / linalg.vector_norm(transposed).clamp_min(1e-12);
            double expectedSigma = transposed.dot(expectedV).item<double>();
            double? sigma = SkinnyProducts.PowerStep(w, u, v, 1e-12);
            if (!SkinnyProducts.Supported)
            {
                Assert.Null(sigma);
                return;
            }
            Assert.True(Math.Abs(sigma!.Value - expectedSigma) <= 1e-5 * expectedSigma, $"{c}: σ {sigma:R}, expected {expectedSigma:R}");
            Assert.True(TensorAssert.Norm(u.to_type(ScalarType.Float64) - expectedU) <= 1e-5, $"{c}: u off");
            Assert.True(TensorAssert.Norm(v.to_type(ScalarType.Float64) - expectedV) <= 1e-5, $"{c}: v off");
        });

    [Fact]
    public void Power_step_keeps_the_vectors_a_zero_product_cannot_normalize_and_floors_small_norms_at_eps()
    {
        if (!SkinnyProducts.Supported) return;
        using var scope = NewDisposeScope();
        var (u, v) = (tensor(new[] { 0.6f, 0.8f }), tensor(new[] { 1f, 0f, 0f }));
        Assert.Equal(0, SkinnyProducts.PowerStep(zeros(2, 3), u, v, 1e-12));
        Assert.Equal(new[] { 0.6f, 0.8f }, u.data<float>().ToArray()); // W v = 0 and Wᵀu = 0: both keep their values
        Assert.Equal(new[] { 1f, 0f, 0f }, v.data<float>().ToArray());
        var tiny = tensor(new[] { 1e-6f, 0, 0, 0, 0, 0 }, [2, 3]);
        SkinnyProducts.PowerStep(tiny, u, v, 1e-3); // ‖Wv‖ = 1e-6 < eps: u = Wv/eps, as F.normalize
        Assert.Equal(1e-3f, u[0].item<float>(), 1e-9f);
        Assert.Null(SkinnyProducts.PowerStep(randn(2, 3), randn(3), randn(3), 1e-12)); // u must have W's row count
        Assert.Null(SkinnyProducts.PowerStep(randn(2, 3, ScalarType.Float64), randn(2, ScalarType.Float64), randn(3, ScalarType.Float64), 1e-12));
    }

    /// <summary>X·Wᵀ (or Y·W with <paramref name="columns"/>) of random float32 data against the float64 product; null without AVX2/FMA.</summary>
    private static void CheckAgainstFloat64((int M, int N, int B, int Seed) c, bool columns)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)c.Seed);
        var w = randn([c.M, c.N], generator: generator);
        var block = randn([c.B, columns ? c.M : c.N], generator: generator);
        var result = columns ? SkinnyProducts.Columns(w, block) : SkinnyProducts.Rows(w, block);
        if (!SkinnyProducts.Supported)
        {
            Assert.Null(result);
            return;
        }
        Tensor Product(Tensor a, Tensor m) => a.to_type(ScalarType.Float64).mm(columns ? m.to_type(ScalarType.Float64) : m.to_type(ScalarType.Float64).t());
        AssertClose(Product(block, w), Product(block.abs(), w.abs()), result!, $"{c}");
    }

    [Fact]
    public void Views_of_a_weight_are_read_through_their_strides()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        var w = randn([40, 30], generator: generator).t(); // 30 × 40, not contiguous
        var block = randn([40, 5], generator: generator).t(); // 5 × 40, not contiguous
        Assert.Null(SkinnyProducts.Rows(w, randn(5, 30))); // a block of the wrong width is torch's error to report
        var result = SkinnyProducts.Rows(w, block);
        if (!SkinnyProducts.Supported) return;
        AssertClose(block.to_type(ScalarType.Float64).mm(w.to_type(ScalarType.Float64).t()),
            block.abs().to_type(ScalarType.Float64).mm(w.abs().to_type(ScalarType.Float64).t()), result!, "transposed weight");
    }

    [Fact]
    public void Leaves_float64_wide_blocks_and_recorded_products_to_torch()
    {
        using var scope = NewDisposeScope();
        Assert.Null(SkinnyProducts.Rows(randn(8, 8, ScalarType.Float64), randn(2, 8, ScalarType.Float64)));
        Assert.Null(SkinnyProducts.Columns(randn(8, 8), randn(SkinnyProducts.MaxBlock + 1, 8)));
        var weight = randn(8, 8).requires_grad_();
        Assert.Null(SkinnyProducts.Rows(weight, randn(2, 8))); // autograd would have to record it
        using (no_grad())
        {
            var result = SkinnyProducts.Rows(weight, randn(2, 8));
            Assert.Equal(SkinnyProducts.Supported, result is not null); // under no_grad a parameter is just data
        }
    }

    [Fact]
    public void Block_krylov_on_a_float32_weight_matches_the_exact_sigma()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        var w = randn([300, 517], generator: generator).div_(20);
        double exact = linalg.svdvals(w.to_type(ScalarType.Float64))[0].item<double>();
        using var state = new PowerIterationState();
        var estimate = new BlockKrylov(4).Estimate(new MatrixOperator(w), state, new PowerIterationOptions(200, 1e-7, Seed: 3) { Stop = StopRule.Sigma });
        Assert.True(Math.Abs(estimate.SigmaValue() - exact) <= 1e-5 * exact, $"σ̂ = {estimate.SigmaValue():R}, svdvals σ₁ = {exact:R}");
    }

    /// <summary>|result − exact| ≤ 1e-5·(|A|·|B|) entrywise: float32 rounding of a sum of products, whatever the order.</summary>
    private static void AssertClose(Tensor exact, Tensor magnitude, Tensor result, string what)
    {
        Assert.Equal(exact.shape, result.shape);
        Assert.Equal(ScalarType.Float32, result.dtype);
        var error = (result.to_type(ScalarType.Float64) - exact).abs();
        var allowed = magnitude * 1e-5 + 1e-30;
        Assert.True((error <= allowed).all().item<bool>(), $"{what}: worst error {(error / allowed).max().item<double>():R}× the float32 bound");
    }
}
