using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>A 2-D weight W (rows × cols) as the operator v ↦ W v, e.g. a Linear layer's weight.</summary>
public sealed class MatrixOperator : ILinearOperator
{
    /// <summary>Wraps <paramref name="matrix"/> (kept by reference, not copied).</summary>
    public MatrixOperator(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.dim() != 2)
        {
            throw new ArgumentException(
                $"MatrixOperator needs a 2-D tensor; got shape [{string.Join(", ", matrix.shape)}]. " +
                "For a conv kernel use ReshapedKernelOperator or ConvOperator.", nameof(matrix));
        }
        Matrix = matrix;
    }

    /// <summary>The wrapped matrix.</summary>
    public Tensor Matrix { get; }

    /// <inheritdoc />
    public long[] InputShape => [Matrix.shape[1]];

    /// <inheritdoc />
    public long[] OutputShape => [Matrix.shape[0]];

    /// <inheritdoc />
    public ScalarType DType => Matrix.dtype;

    /// <inheritdoc />
    public Device Device => Matrix.device;

    /// <inheritdoc />
    public Tensor Apply(Tensor v) => Matrix.mv(v);

    /// <inheritdoc />
    public Tensor ApplyTranspose(Tensor u) => Matrix.t().mv(u);
}
