using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>Exact singular values by dense SVD (LAPACK via torch.linalg.svdvals), computed in float64.</summary>
/// <remarks>Never use <c>linalg.matrix_norm(x, "2")</c> for σ₁: in TorchSharp that string is not the spectral norm.</remarks>
public static class ExactSpectrum
{
    /// <summary>All min(m, n) singular values of a 2-D <paramref name="matrix"/>, float64, descending, on its device.</summary>
    public static Tensor SingularValues(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.dim() != 2)
        {
            throw new ArgumentException(
                $"SingularValues needs a 2-D matrix; got shape [{string.Join(", ", matrix.shape)}]. " +
                "For a conv kernel pass MatrixView.Of(kernel) or use ConvSingularValues.", nameof(matrix));
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return linalg.svdvals(matrix.to_type(ScalarType.Float64)).MoveToOuterDisposeScope();
    }

    /// <summary>All singular values of an operator through its dense matrix (<see cref="DenseMatrix"/>): small operators only.</summary>
    public static Tensor SingularValues(ILinearOperator op)
    {
        using var dense = DenseMatrix(op);
        return SingularValues(dense);
    }

    /// <summary>
    /// The float64 dense matrix (output size × input size) of <paramref name="op"/>, column j = A eⱼ;
    /// costs one <see cref="ILinearOperator.Apply"/> per input element.
    /// </summary>
    public static Tensor DenseMatrix(ILinearOperator op)
    {
        ArgumentNullException.ThrowIfNull(op);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long inputSize = op.InputSize();
        var columns = new List<Tensor>((int)inputSize);
        for (long j = 0; j < inputSize; j++)
        {
            using var basis = zeros(inputSize, op.DType, op.Device);
            basis[j] = ones(Array.Empty<long>(), op.DType, op.Device);
            using var applied = op.Apply(basis.reshape(op.InputShape));
            columns.Add(applied.reshape(-1).to_type(ScalarType.Float64));
        }
        return stack(columns, 1).MoveToOuterDisposeScope();
    }
}
