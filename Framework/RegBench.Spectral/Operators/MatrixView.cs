using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>
/// The one matrix view of a weight (Miyato's and Hess &amp; Hutchison's "reshaped kernel"): rows = dim 0, or dim 1 for the
/// ConvTranspose2d layout (in, out/groups, kh, kw); columns = the remaining dimensions. A 2-D weight is its own view.
/// </summary>
public static class MatrixView
{
    /// <summary>The rows × columns matrix of <paramref name="weight"/>: a view for the Conv2d/Linear layout when contiguous, a copy for the transposed one.</summary>
    public static Tensor Of(Tensor weight, bool transposedConv = false)
    {
        ArgumentNullException.ThrowIfNull(weight);
        return transposedConv ? weight.transpose(0, 1).reshape(weight.shape[1], -1) : weight.reshape(weight.shape[0], -1);
    }

    /// <summary>The inverse of <see cref="Of"/>: a rows × columns <paramref name="matrix"/> folded back to <paramref name="weightShape"/> (a view when possible).</summary>
    public static Tensor Fold(Tensor matrix, long[] weightShape, bool transposedConv = false)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(weightShape);
        return transposedConv
            ? matrix.reshape([weightShape[1], weightShape[0], .. weightShape[2..]]).transpose(0, 1)
            : matrix.reshape(weightShape);
    }
}
