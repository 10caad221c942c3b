using RegBench.Abstractions;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Layers;

/// <summary>The linear map whose σ₁ a spectral consumer measures for a layer.</summary>
public static class LayerOperator
{
    /// <summary>
    /// W for Linear; for conv layers the reshaped kernel, or with <see cref="ConvEstimator.Operator"/> the exact conv map on
    /// Conv.InputSize. Keeps <paramref name="weight"/> (default: the layer's weight; or a tensor shaped like it) by reference.
    /// </summary>
    public static ILinearOperator For(RegularizedLayer layer, ConvEstimator estimator, Tensor? weight = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        weight ??= layer.Weight;
        bool transposed = layer.Kind == LayerKind.ConvTranspose2d;
        if (layer.Kind == LayerKind.Linear) return new MatrixOperator(weight);
        if (estimator == ConvEstimator.Reshaped) return new ReshapedKernelOperator(weight, transposed);
        var conv = layer.Conv!;
        var size = conv.InputSize ?? throw new InvalidOperationException(
            $"Layer '{layer.Name}': estimator 'operator' needs the conv input size, which the architecture did not give; " +
            "pass inputSize when creating the layer, or use estimator 'reshaped'.");
        long channels = transposed ? weight.shape[0] : weight.shape[1] * conv.Groups;
        return new ConvOperator(weight, (channels, size.Height, size.Width), Geometry(conv), transposed);
    }

    /// <summary>The Spectral geometry of a layer's conv settings (stride, padding, dilation, groups).</summary>
    public static ConvOperatorGeometry Geometry(ConvGeometry conv)
    {
        ArgumentNullException.ThrowIfNull(conv);
        return new ConvOperatorGeometry
        {
            Stride = (conv.Stride.Height, conv.Stride.Width),
            Padding = (conv.Padding.Height, conv.Padding.Width),
            Dilation = (conv.Dilation.Height, conv.Dilation.Width),
            Groups = conv.Groups,
        };
    }
}
