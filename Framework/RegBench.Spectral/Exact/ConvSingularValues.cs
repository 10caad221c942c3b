using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>Exact singular values of convolution operators.</summary>
public static class ConvSingularValues
{
    /// <summary>Fewest frequency matrices a thread takes; smaller batches run on the caller's thread.</summary>
    private const long MatricesPerThread = 16;

    /// <summary>
    /// All c·n² singular values (c = min(out, in)), float64 descending, of the stride-1, one-group, circular (periodic)
    /// convolution of <paramref name="kernel"/> (out, in, kh, kw) on n×n inputs: the per-frequency SVD of the
    /// kernel's 2-D FFT zero-padded to n×n (Sedghi, Gupta &amp; Long 2019). <paramref name="precision"/> is the real type the
    /// transform and the SVDs run in: Float64 (default: exact to float64 rounding) or Float32 (about 1e-6 relative, 2–3× faster);
    /// the values are returned as float64 on the kernel's device either way.
    /// </summary>
    /// <remarks>
    /// Cost: one real FFT of the kernel (out·in·n² log n²) plus n·(⌊n/2⌋ + 1) SVDs of out×in complex matrices, split over
    /// torch's thread count. A real kernel's transform is conjugate-symmetric, K(−p, −q) = conj K(p, q), and a matrix and its
    /// conjugate have the same singular values, so the half spectrum (columns q = 0…⌊n/2⌋) holds every distinct frequency;
    /// the columns whose mirror image is not in it (1…⌈n/2⌉ − 1) count twice. Zero padding and stride &gt; 1 are different
    /// operators: use <see cref="ConvOperator"/> with <see cref="PowerIteration"/> there.
    /// </remarks>
    public static Tensor Fft(Tensor kernel, int n, ScalarType precision = ScalarType.Float64)
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
        if (precision is not (ScalarType.Float32 or ScalarType.Float64))
        {
            throw new ArgumentException($"Fft computes in Float32 or Float64, not {precision}.", nameof(precision));
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long outChannels = kernel.shape[0], inChannels = kernel.shape[1], columns = n / 2 + 1;
        // rfft2 with s = (n, n) zero-pads the last two dims; half[o, i, p, q] for q ≤ n/2, frequency (p, q)'s matrix is half[:, :, p, q].
        var half = fft.rfft2(kernel.to_type(precision), s: [n, n]);
        var perFrequency = half.permute(2, 3, 0, 1).reshape(n * columns, outChannels, inChannels).contiguous();
        var values = Svdvals(perFrequency).to_type(ScalarType.Float64).reshape(n, columns, -1);
        long mirrored = n % 2 == 0 ? columns - 2 : columns - 1; // the Nyquist column of an even n is its own mirror image
        var all = mirrored > 0 ? cat([values.flatten(), values.narrow(1, 1, mirrored).flatten()]) : values.flatten();
        var (sorted, _) = all.sort(descending: true);
        return sorted.MoveToOuterDisposeScope();
    }

    /// <summary>svdvals of a batch of matrices; on the CPU the batch is split over torch's thread count (torch runs a batch's SVDs one after another there).</summary>
    private static Tensor Svdvals(Tensor batch)
    {
        long count = batch.shape[0];
        int parts = (int)Math.Min(Math.Min(get_num_threads(), Environment.ProcessorCount), count / MatricesPerThread);
        if (parts <= 1 || batch.device.type != DeviceType.CPU) return linalg.svdvals(batch);
        var output = empty([count, Math.Min(batch.shape[1], batch.shape[2])], batch.dtype == ScalarType.ComplexFloat32 ? ScalarType.Float32 : ScalarType.Float64);
        try
        {
            // Each part writes its own rows of output; every tensor a worker makes is freed on that worker.
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                long start = count * part / parts, length = count * (part + 1) / parts - start;
                output.narrow(0, start, length).copy_(linalg.svdvals(batch.narrow(0, start, length)));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return output;
    }
}
