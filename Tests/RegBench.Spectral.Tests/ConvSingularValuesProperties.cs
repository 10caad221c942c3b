using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>The FFT singular values equal those of the dense circular-convolution matrix, built here without conv2d.</summary>
public sealed class ConvSingularValuesProperties
{
    [Property(Replay = "(20250421,1)", MaxTest = 40)]
    public Property Fft_singular_values_equal_the_dense_circular_convolution_spectrum() =>
        Prop.ForAll(Arb.From(
            from outChannels in Gen.Choose(1, 3)
            from inChannels in Gen.Choose(1, 3)
            from kh in Gen.Choose(1, 3)
            from kw in Gen.Choose(1, 3)
            from extra in Gen.Choose(0, 3)
            from seed in Gen.Choose(0, int.MaxValue)
            select (outChannels, inChannels, kh, kw, n: Math.Max(kh, kw) + extra, seed)), c =>
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)c.seed, CPU);
            var kernel = randn([c.outChannels, c.inChannels, c.kh, c.kw], ScalarType.Float64, CPU, generator: generator);
            var dense = TensorAssert.Values(ExactSpectrum.SingularValues(DenseCircularConv(kernel, c.n)));
            // float64 to its rounding; float32 (the kernel cast, the same transform in complex64) to about 1e-6 relative
            foreach (var (precision, tolerance) in new[] { (ScalarType.Float64, 1e-10), (ScalarType.Float32, 1e-5) })
            {
                var fft = TensorAssert.Values(ConvSingularValues.Fft(kernel, c.n, precision));
                Assert.True(fft.Length == dense.Length, $"{c} {precision}: FFT gave {fft.Length} singular values, dense {dense.Length}");
                double worst = fft.Zip(dense, (a, b) => Math.Abs(a - b)).Max();
                Assert.True(worst <= tolerance * dense[0], $"{c} {precision}: largest difference {worst:E3} (σ₁ = {dense[0]:R}, FFT σ₁ = {fft[0]:R})");
            }
        });

    [Property(Replay = "(20261204,3)", MaxTest = 10)]
    public Property Fft_split_over_threads_equals_one_batched_call() =>
        Prop.ForAll(Arb.From(
            from channels in Gen.Choose(1, 6)
            from n in Gen.Choose(3, 12)
            from seed in Gen.Choose(0, int.MaxValue)
            select (channels, n, seed)), c =>
        {
            // n·(n/2 + 1) ≥ 32 frequency matrices: split over two threads (torch runs 2 here); the reference is every
            // frequency's SVD from one unsplit fft2/svdvals call.
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)c.seed, CPU);
            var kernel = randn([c.channels, c.channels + 1, 3, 3], ScalarType.Float64, CPU, generator: generator);
            var split = TensorAssert.Values(ConvSingularValues.Fft(kernel, c.n));
            var whole = TensorAssert.Values(linalg.svdvals(fft.fft2(kernel, s: [c.n, c.n]).permute(2, 3, 0, 1)).flatten().sort(descending: true).Values);
            Assert.Equal(whole.Length, split.Length);
            double worst = split.Zip(whole, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst <= 1e-12 * whole[0], $"{c}: largest difference {worst:E3}");
        });

    /// <summary>
    /// Dense matrix of y[o, i, j] = Σ_{c,a,b} K[o, c, a, b]·x[c, (i+a) mod n, (j+b) mod n] (cross-correlation, like conv2d):
    /// Σ_{a,b} K[:, :, a, b] ⊗ S_a ⊗ S_b with S_a the cyclic shift (S_a x)[i] = x[(i+a) mod n].
    /// </summary>
    private static Tensor DenseCircularConv(Tensor kernel, int n)
    {
        long outChannels = kernel.shape[0], inChannels = kernel.shape[1];
        var dense = zeros([outChannels * n * n, inChannels * n * n], ScalarType.Float64);
        var identity = eye(n, dtype: ScalarType.Float64);
        for (int a = 0; a < kernel.shape[2]; a++)
        {
            for (int b = 0; b < kernel.shape[3]; b++)
            {
                // Row i of S_a is e_{(i+a) mod n}: the identity with its columns rolled right by a.
                var shiftA = identity.roll(a, 1);
                var shiftB = identity.roll(b, 1);
                dense += kernel[.., .., a, b].kron(shiftA.kron(shiftB));
            }
        }
        return dense;
    }
}
