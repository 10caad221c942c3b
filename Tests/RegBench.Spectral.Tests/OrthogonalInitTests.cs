using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

public sealed class OrthogonalInitTests
{
    [Theory]
    [InlineData(64, 32)]
    [InlineData(32, 64)]
    [InlineData(1, 7)]
    [InlineData(7, 1)]
    public void Linear_weight_has_all_singular_values_sqrt_dout_over_din(int dOut, int dIn)
    {
        using var scope = NewDisposeScope();
        var weight = empty(dOut, dIn);
        using var generator = new Generator(7, CPU);
        OrthogonalInit.ScaledOrthogonal_(weight, generator);
        AssertFlatSpectrum(weight, dOut, dIn, transposedConv: false);
    }

    [Fact]
    public void Conv_kernel_is_scaled_orthogonal_over_the_reshaped_view()
    {
        using var scope = NewDisposeScope();
        var kernel = empty(16, 8, 3, 3, ScalarType.Float64);
        OrthogonalInit.ScaledOrthogonal_(kernel, new Generator(1, CPU));
        AssertFlatSpectrum(kernel, 16, 8 * 9, transposedConv: false);
    }

    [Fact]
    public void Transposed_conv_kernel_is_scaled_orthogonal_along_dim_one()
    {
        using var scope = NewDisposeScope();
        var kernel = empty(8, 4, 2, 2, ScalarType.Float64);
        OrthogonalInit.ScaledOrthogonal_(kernel, new Generator(2, CPU), transposedConv: true);
        AssertFlatSpectrum(kernel, 4, 8 * 4, transposedConv: true);
    }

    [Fact]
    public void Same_generator_seed_gives_the_same_weight()
    {
        using var scope = NewDisposeScope();
        var a = OrthogonalInit.ScaledOrthogonal_(empty(5, 9), new Generator(42, CPU));
        var b = OrthogonalInit.ScaledOrthogonal_(empty(5, 9), new Generator(42, CPU));
        Assert.Equal(TensorAssert.Values(a), TensorAssert.Values(b));
    }

    private static void AssertFlatSpectrum(Tensor weight, long dOut, long dIn, bool transposedConv)
    {
        var sv = TensorAssert.Values(ExactSpectrum.SingularValues(MatrixView.Of(weight, transposedConv)));
        double expected = Math.Sqrt((double)dOut / dIn);
        double tolerance = weight.dtype == ScalarType.Float64 ? 1e-12 : 1e-5;
        Assert.All(sv, s => Assert.Equal(expected, s, tolerance));
        var stats = SpectrumStats.From(ExactSpectrum.SingularValues(MatrixView.Of(weight, transposedConv)));
        Assert.Equal(Math.Sqrt(Math.Min(dOut, dIn) * (double)dOut / dIn), stats.Frobenius, tolerance * 10);
    }
}
