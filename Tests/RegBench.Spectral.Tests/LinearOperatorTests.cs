using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

public sealed class LinearOperatorTests
{
    [Fact]
    public void Reshaped_conv_kernel_is_out_by_in_times_kernel_area()
    {
        using var scope = NewDisposeScope();
        var kernel = randn([6, 4, 3, 2], ScalarType.Float64, generator: new Generator(1, CPU));
        var op = new ReshapedKernelOperator(kernel);
        var v = randn([24], ScalarType.Float64, generator: new Generator(2, CPU));
        Assert.Equal([24L], op.InputShape);
        Assert.Equal([6L], op.OutputShape);
        Assert.Equal(TensorAssert.Values(kernel.reshape(6, 24).mv(v)), TensorAssert.Values(op.Apply(v)));
    }

    [Fact]
    public void Reshaped_transposed_conv_kernel_has_rows_along_dim_one_and_a_consistent_adjoint()
    {
        using var scope = NewDisposeScope();
        var kernel = randn([5, 3, 2, 2], ScalarType.Float64, generator: new Generator(3, CPU));
        var op = new ReshapedKernelOperator(kernel, transposedConv: true);
        var matrix = op.ToMatrix();
        Assert.Equal([3L, 20L], matrix.shape);
        Assert.Equal(TensorAssert.Values(kernel[.., 1]), TensorAssert.Values(matrix[1].reshape(5, 2, 2)));
        var v = randn([20], ScalarType.Float64, generator: new Generator(4, CPU));
        var u = randn([3], ScalarType.Float64, generator: new Generator(5, CPU));
        AssertClose(matrix.mv(v), op.Apply(v));
        AssertClose(matrix.t().mv(u), op.ApplyTranspose(u));
    }

    [Fact]
    public void Strided_conv_adjoint_restores_the_exact_input_shape()
    {
        using var scope = NewDisposeScope();
        var op = new ConvOperator(randn(4, 3, 3, 3), (3, 8, 7), ConvOperatorGeometry.Square(stride: 2, padding: 1));
        Assert.Equal([4L, 4L, 4L], op.OutputShape);
        Assert.Equal([3L, 8L, 7L], op.ApplyTranspose(randn(4, 4, 4)).shape);
    }

    [Fact]
    public void Conv_with_wrong_input_channels_is_rejected_with_the_expected_count()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => new ConvOperator(randn(4, 3, 3, 3), (5, 8, 8)));
        Assert.Contains("expects 3", error.Message);
    }

    [Fact]
    public void Matrix_operator_rejects_a_conv_kernel()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => new MatrixOperator(randn(4, 3, 3, 3)));
        Assert.Contains("ReshapedKernelOperator", error.Message);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        var e = TensorAssert.Values(expected);
        var a = TensorAssert.Values(actual);
        Assert.Equal(e.Length, a.Length);
        Assert.All(e.Zip(a), p => Assert.Equal(p.First, p.Second, 1e-12));
    }
}
