using RegBench.Abstractions;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Regularizers;

/// <summary>
/// The linear map whose σ₁ a spectral regularizer controls for a layer, and random unit start vectors for it.
/// Shared as a linked source file by sn-regularization, miyato-sn and spectral-scaling until the Spectral core offers it.
/// </summary>
internal static class LayerOperator
{
    /// <summary>
    /// W for Linear; for conv layers the reshaped kernel, or with <paramref name="exactConv"/> the exact conv map on
    /// Conv.InputSize. Keeps <paramref name="weight"/> (the layer's weight or a tensor shaped like it) by reference.
    /// </summary>
    public static ILinearOperator For(RegularizedLayer layer, Tensor weight, bool exactConv)
    {
        bool transposed = layer.Kind == LayerKind.ConvTranspose2d;
        if (layer.Kind == LayerKind.Linear) return new MatrixOperator(weight);
        if (!exactConv) return new ReshapedKernelOperator(weight, transposed);
        var conv = layer.Conv!;
        var size = conv.InputSize ?? throw new InvalidOperationException(
            $"Layer '{layer.Name}': estimator 'operator' needs the conv input size, which the architecture did not give; " +
            "pass inputSize when creating the layer, or use estimator 'reshaped'.");
        long channels = transposed ? weight.shape[0] : weight.shape[1] * conv.Groups;
        // Target-typed new: the Spectral geometry record (ConvOperatorGeometry) needs no name here.
        return new ConvOperator(weight, (channels, size.Height, size.Width), new()
        {
            Stride = (conv.Stride.Height, conv.Stride.Width),
            Padding = (conv.Padding.Height, conv.Padding.Width),
            Dilation = (conv.Dilation.Height, conv.Dilation.Width),
            Groups = conv.Groups,
        }, transposed);
    }

    /// <summary>A Gaussian vector of <paramref name="shape"/> scaled to unit norm, from a seeded CPU generator, on the operator's device.</summary>
    public static Tensor RandomUnit(long[] shape, ILinearOperator op, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = randn(shape, ScalarType.Float64, CPU, generator: generator);
        return (x / linalg.vector_norm(x)).to(op.DType, op.Device).MoveToOuterDisposeScope();
    }
}
