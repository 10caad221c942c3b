using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>
/// A conv kernel viewed as a matrix, the "channel-wise" view of Miyato et al. and Hess &amp; Hutchison:
/// Conv2d kernel (out, in/groups, kh, kw) → out × (in/groups·kh·kw); ConvTranspose2d kernel
/// (in, out/groups, kh, kw) → (out/groups) × (in·kh·kw), i.e. rows along dim 1.
/// </summary>
/// <remarks>The transposed view is applied without materializing the permuted kernel.</remarks>
public sealed class ReshapedKernelOperator : ILinearOperator
{
    private readonly long _rows;
    private readonly long _cols;

    /// <summary>Wraps a 4-D kernel (kept by reference); <paramref name="transposedConv"/> selects the ConvTranspose2d layout.</summary>
    public ReshapedKernelOperator(Tensor kernel, bool transposedConv = false)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.dim() < 2)
        {
            throw new ArgumentException(
                $"ReshapedKernelOperator needs a kernel with at least 2 dims; got shape [{string.Join(", ", kernel.shape)}].",
                nameof(kernel));
        }
        Kernel = kernel;
        TransposedConv = transposedConv;
        _rows = transposedConv ? kernel.shape[1] : kernel.shape[0];
        _cols = kernel.numel() / _rows;
    }

    /// <summary>The wrapped kernel.</summary>
    public Tensor Kernel { get; }

    /// <summary>True when the kernel has the ConvTranspose2d layout (matrix rows = dim 1).</summary>
    public bool TransposedConv { get; }

    /// <inheritdoc />
    public long[] InputShape => [_cols];

    /// <inheritdoc />
    public long[] OutputShape => [_rows];

    /// <inheritdoc />
    public ScalarType DType => Kernel.dtype;

    /// <inheritdoc />
    public Device Device => Kernel.device;

    /// <summary>The kernel as a rows × cols matrix (<see cref="MatrixView.Of"/>): a view for the Conv2d layout, a copy for the transposed layout.</summary>
    public Tensor ToMatrix() => MatrixView.Of(Kernel, TransposedConv);

    /// <inheritdoc />
    public Tensor Apply(Tensor v)
    {
        if (!TransposedConv)
        {
            return Kernel.reshape(_rows, _cols).mv(v);
        }
        // M[o, (i, s)] = K[i, o, s]:  (M v)[o] = Σ_i K[i] v[i]  with K[i] of shape (out/groups, kh·kw).
        var (inChannels, spatial) = TransposedDims();
        using var perChannel = Kernel.reshape(inChannels, _rows, spatial).matmul(v.reshape(inChannels, spatial, 1));
        return perChannel.sum(0L).reshape(_rows); // 0L: a literal 0 binds to sum(ScalarType?) and sums everything
    }

    /// <inheritdoc />
    public Tensor ApplyTranspose(Tensor u)
    {
        if (!TransposedConv)
        {
            return Kernel.reshape(_rows, _cols).t().mv(u);
        }
        var (inChannels, spatial) = TransposedDims();
        return u.reshape(1, _rows).matmul(Kernel.reshape(inChannels, _rows, spatial)).reshape(_cols);
    }

    private (long InChannels, long Spatial) TransposedDims() => (Kernel.shape[0], _cols / Kernel.shape[0]);
}
