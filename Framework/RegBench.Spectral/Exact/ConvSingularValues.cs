using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>Exact singular values of convolution operators.</summary>
public static class ConvSingularValues
{
    /// <summary>
    /// All c·n² singular values (c = min(out, in)), float64 descending, of the stride-1, one-group, circular (periodic)
    /// convolution of <paramref name="kernel"/> (out, in, kh, kw) on n×n inputs: the per-frequency SVD of the
    /// kernel's 2-D FFT zero-padded to n×n (Sedghi, Gupta &amp; Long 2019).
    /// </summary>
    /// <remarks>
    /// Cost: one FFT of the kernel (out·in·n² log n²) plus n² SVDs of out×in complex matrices. Zero padding and
    /// stride &gt; 1 are different operators: use <see cref="ConvOperator"/> with <see cref="PowerIteration"/> there.
    /// </remarks>
    public static Tensor Fft(Tensor kernel, int n)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.dim() != 4)
        {
            throw new ArgumentException($"Fft needs a 4-D kernel (out, in, kh, kw); got shape [{string.Join(", ", kernel.shape)}].", nameof(kernel));
        }
        if (n < kernel.shape[2] || n < kernel.shape[3])
        {
            throw new ArgumentException(
                $"Input size n = {n} is smaller than the kernel {kernel.shape[2]}×{kernel.shape[3]}; circular convolution needs n ≥ kernel size.",
                nameof(n));
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        // fft2 with s = (n, n) zero-pads the last two dims; transform[p, q] is the out×in matrix of frequency (p, q).
        var transform = fft.fft2(kernel.to_type(ScalarType.Float64), s: [n, n]);
        var perFrequency = transform.permute(2, 3, 0, 1);
        var values = linalg.svdvals(perFrequency).flatten();
        var (sorted, _) = values.sort(descending: true);
        return sorted.MoveToOuterDisposeScope();
    }
}
