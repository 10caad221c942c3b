using RegBench.Spectral;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// The stride-1 circular (periodic) convolution of a (out, in, k, k) kernel, k odd, on in×n×n inputs: the operator whose
/// every singular value <see cref="ConvSingularValues.Fft"/> gives, so power iteration on it converges to the FFT's σ₁.
/// A = circular pad by k/2, then conv2d; Aᵀ = conv_transpose2d, then the padded border folded back onto the opposite edge.
/// </summary>
public sealed class CircularConvOperator : ILinearOperator
{
    private readonly Tensor kernel;
    private readonly long pad;
    private readonly long size;

    /// <summary>Wraps <paramref name="kernel"/> (kept by reference) for <paramref name="size"/>×<paramref name="size"/> inputs.</summary>
    public CircularConvOperator(Tensor kernel, long size)
    {
        if (kernel.dim() != 4 || kernel.shape[2] != kernel.shape[3] || kernel.shape[2] % 2 == 0 || size < kernel.shape[2])
            throw new ArgumentException($"needs a square odd kernel (out, in, k, k) and inputs of at least k×k; got [{string.Join(", ", kernel.shape)}] on {size}×{size}.", nameof(kernel));
        this.kernel = kernel;
        this.size = size;
        pad = kernel.shape[2] / 2;
        InputShape = [kernel.shape[1], size, size];
        OutputShape = [kernel.shape[0], size, size];
    }

    /// <inheritdoc />
    public long[] InputShape { get; }

    /// <inheritdoc />
    public long[] OutputShape { get; }

    /// <inheritdoc />
    public ScalarType DType => kernel.dtype;

    /// <inheritdoc />
    public Device Device => kernel.device;

    /// <inheritdoc />
    public Tensor Apply(Tensor v)
    {
        using var scope = NewDisposeScope();
        var padded = F.pad(v.unsqueeze(0), [pad, pad, pad, pad], TorchSharp.PaddingModes.Circular);
        return F.conv2d(padded, kernel).squeeze(0).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor ApplyTranspose(Tensor u)
    {
        using var scope = NewDisposeScope();
        var full = F.conv_transpose2d(u.unsqueeze(0), kernel).squeeze(0); // (in, n + 2p, n + 2p)
        return Fold(Fold(full, 1), 2).MoveToOuterDisposeScope();
    }

    /// <summary>The adjoint of circular padding along <paramref name="dim"/>: the p leading rows add onto the last p, the p trailing onto the first p.</summary>
    private Tensor Fold(Tensor padded, int dim)
    {
        var inner = padded.narrow(dim, pad, size).clone();
        if (pad == 0) return inner;
        inner.narrow(dim, size - pad, pad).add_(padded.narrow(dim, 0, pad));
        inner.narrow(dim, 0, pad).add_(padded.narrow(dim, size + pad, pad));
        return inner;
    }
}
